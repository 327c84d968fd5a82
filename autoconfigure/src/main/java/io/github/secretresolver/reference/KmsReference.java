package io.github.secretresolver.reference;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Reference to a value encrypted with AWS KMS and written in the configuration: a KMS
 * {@code CiphertextBlob}, or a message of the AWS Encryption SDK (envelope encryption, for values
 * larger than KMS's 4 KB), both base64-encoded.
 *
 * @param ciphertext the base64 ciphertext, without whitespace
 * @param encryptionContext the encryption context the value was encrypted with (may be empty)
 * @param keyId the KMS key (id, ARN, alias name or alias ARN) the value must have been encrypted
 * with, or {@code null} to let KMS use the key named in the ciphertext
 * @param algorithm the KMS encryption algorithm, or {@code null} for {@code SYMMETRIC_DEFAULT}
 * @param format how the plaintext is delivered
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record KmsReference(String ciphertext, SortedMap<String, String> encryptionContext, @Nullable String keyId,
		@Nullable String algorithm, PlaintextFormat format) implements SecretReference {

	private static final int SHOWN_CIPHERTEXT_CHARACTERS = 12;

	private static final String MULTI_REGION_KEY_PREFIX = "mrk-";

	/**
	 * Create a new reference.
	 * @param ciphertext the base64 ciphertext, without whitespace
	 * @param encryptionContext the encryption context (may be empty)
	 * @param keyId the KMS key, or {@code null}
	 * @param algorithm the KMS encryption algorithm, or {@code null}
	 * @param format how the plaintext is delivered
	 */
	public KmsReference {
		encryptionContext = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(encryptionContext));
	}

	@Override
	public ReferenceService service() {
		return ReferenceService.KMS;
	}

	@Override
	public Optional<String> arnRegion() {
		return (this.keyId != null) ? Arns.region(this.keyId) : Optional.empty();
	}

	/**
	 * Return whether the key is a multi-Region key ({@code mrk-...}), whose replicas in other
	 * Regions decrypt the same ciphertexts.
	 * @return whether the key is named and multi-Region
	 */
	public boolean isMultiRegionKey() {
		return this.keyId != null && this.keyId.contains(MULTI_REGION_KEY_PREFIX);
	}

	@Override
	public KmsReference inRegion(String region) {
		return (this.keyId != null && Arns.isArn(this.keyId)) ? new KmsReference(this.ciphertext,
				this.encryptionContext, Arns.inRegion(this.keyId, region), this.algorithm, this.format) : this;
	}

	/**
	 * Return the reference with the ciphertext shortened to its first and last characters and its
	 * length, so that messages stay readable for large values. Never contains a plaintext.
	 * @return the reference text
	 */
	@Override
	public String text() {
		StringBuilder text = new StringBuilder("<<resolve:kms:").append(shortCiphertext());
		String context = this.encryptionContext.entrySet()
			.stream()
			.map((entry) -> PercentEncoding.encode(entry.getKey()) + "=" + PercentEncoding.encode(entry.getValue()))
			.collect(Collectors.joining(","));
		String[] options = { context, nullToEmpty(this.keyId), nullToEmpty(this.algorithm),
				(this.format != PlaintextFormat.TEXT) ? this.format.id() : "" };
		int last = options.length - 1;
		while (last >= 0 && options[last].isEmpty()) {
			last--;
		}
		for (int index = 0; index <= last; index++) {
			text.append(':').append(options[index]);
		}
		return text.append(">>").toString();
	}

	private String shortCiphertext() {
		if (this.ciphertext.length() <= 2 * SHOWN_CIPHERTEXT_CHARACTERS + 16) {
			return this.ciphertext;
		}
		return this.ciphertext.substring(0, SHOWN_CIPHERTEXT_CHARACTERS) + "…(" + this.ciphertext.length()
				+ " characters)…" + this.ciphertext.substring(this.ciphertext.length() - SHOWN_CIPHERTEXT_CHARACTERS);
	}

	private static String nullToEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	/**
	 * Return the encryption context as KMS expects it.
	 * @return the encryption context
	 */
	public Map<String, String> encryptionContextMap() {
		return this.encryptionContext;
	}

	@Override
	public String toString() {
		return text();
	}

	/**
	 * How a decrypted plaintext is delivered.
	 */
	public enum PlaintextFormat {

		/**
		 * As UTF-8 text; a plaintext that is not valid UTF-8 is an error.
		 */
		TEXT("text"),

		/**
		 * Base64-encoded, for binary plaintexts.
		 */
		BASE64("base64");

		private final String id;

		PlaintextFormat(String id) {
			this.id = id;
		}

		/**
		 * Return the identifier used in references.
		 * @return the identifier
		 */
		public String id() {
			return this.id;
		}

		static Optional<PlaintextFormat> fromId(String id) {
			for (PlaintextFormat format : values()) {
				if (format.id.equals(id)) {
					return Optional.of(format);
				}
			}
			return Optional.empty();
		}

	}

	/**
	 * Percent-encoding of encryption context keys and values: every byte of the UTF-8 form that is
	 * not a letter, a digit or one of {@code -._~/} is written as {@code %XX}.
	 */
	static final class PercentEncoding {

		private PercentEncoding() {
		}

		static String encode(String value) {
			StringBuilder encoded = new StringBuilder();
			for (byte octet : value.getBytes(StandardCharsets.UTF_8)) {
				char character = (char) (octet & 0xFF);
				if ((character < 128 && Character.isLetterOrDigit(character)) || "-._~/".indexOf(character) >= 0) {
					encoded.append(character);
				}
				else {
					encoded.append('%').append(String.format("%02X", octet & 0xFF));
				}
			}
			return encoded.toString();
		}

		static String decode(String value) {
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			int index = 0;
			while (index < value.length()) {
				int percent = value.indexOf('%', index);
				int end = (percent != -1) ? percent : value.length();
				bytes.writeBytes(value.substring(index, end).getBytes(StandardCharsets.UTF_8));
				if (percent == -1) {
					break;
				}
				int high = (percent + 2 < value.length()) ? Character.digit(value.charAt(percent + 1), 16) : -1;
				int low = (high != -1) ? Character.digit(value.charAt(percent + 2), 16) : -1;
				if (low == -1) {
					throw new InvalidReferenceException("'%' in an encryption context must be followed by two "
							+ "hexadecimal digits");
				}
				bytes.write(high * 16 + low);
				index = percent + 3;
			}
			return bytes.toString(StandardCharsets.UTF_8);
		}

	}

}
