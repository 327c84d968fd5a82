package io.github.secretresolver.fetch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.KmsReference.PlaintextFormat;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Decrypts {@code <<resolve:kms:...>>} references: a KMS {@code CiphertextBlob} with one
 * {@code Decrypt} call, or an AWS Encryption SDK message with the Encryption SDK and a KMS keyring
 * (one {@code Decrypt} of its data key). Plaintexts are kept in the {@link KmsPlaintextCache} for
 * the life of the JVM, so each distinct ciphertext is decrypted once per JVM; failures are not
 * kept.
 *
 * @author Secret Resolver contributors
 */
final class KmsDecryptor {

	private static final String ENCRYPTION_SDK_CLASS = "com.amazonaws.encryptionsdk.AwsCrypto";

	private KmsDecryptor() {
	}

	static FetchResult decrypt(KmsClient client, KmsReference reference) {
		FetchResult[] failure = new FetchResult[1];
		String plaintext = KmsPlaintextCache.get(client, reference, () -> {
			FetchResult result = decryptNow(client, reference);
			if (!result.isSuccess()) {
				failure[0] = result;
				return null;
			}
			return result.value();
		});
		return (plaintext != null) ? FetchResult.success(plaintext, null) : failure[0];
	}

	private static FetchResult decryptNow(KmsClient client, KmsReference reference) {
		byte[] ciphertext = Base64.getDecoder().decode(reference.ciphertext());
		byte[] plaintext;
		try {
			plaintext = EncryptionSdkMessages.isMessage(ciphertext) ? decryptMessage(client, ciphertext, reference)
					: decryptBlob(client, ciphertext, reference);
		}
		catch (MissingEncryptionSdkException ex) {
			return FetchResult.failure(FetchFailure.error("AwsEncryptionSdkMissing",
					"The value is an AWS Encryption SDK message; add com.amazonaws:aws-encryption-sdk-java to the "
							+ "application to decrypt it"));
		}
		catch (RuntimeException ex) {
			return FetchResult.failure(failureOf(ex));
		}
		try {
			return format(plaintext, reference.format());
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private static byte[] decryptBlob(KmsClient client, byte[] ciphertext, KmsReference reference) {
		return client
			.decrypt((request) -> request.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
				.encryptionContext(reference.encryptionContext().isEmpty() ? null : reference.encryptionContext())
				.keyId(reference.keyId())
				.encryptionAlgorithm(reference.algorithm()))
			.plaintext()
			.asByteArray();
	}

	private static byte[] decryptMessage(KmsClient client, byte[] message, KmsReference reference) {
		if (!isEncryptionSdkPresent()) {
			throw new MissingEncryptionSdkException();
		}
		return EncryptionSdkDecryptor.decrypt(client, message, reference.encryptionContext(), reference.keyId());
	}

	private static FetchResult format(byte[] plaintext, PlaintextFormat format) {
		if (format == PlaintextFormat.BASE64) {
			return FetchResult.success(Base64.getEncoder().encodeToString(plaintext), null);
		}
		try {
			return FetchResult.success(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(plaintext))
				.toString(), null);
		}
		catch (CharacterCodingException ex) {
			return FetchResult.failure(FetchFailure.error("PlaintextNotUtf8",
					"The plaintext is not UTF-8 text; add the format segment 'base64' "
							+ "(<<resolve:kms:CIPHERTEXT::::base64>>) to receive it base64-encoded"));
		}
	}

	/**
	 * Return the failure for an exception, using the AWS error code of the first AWS exception in
	 * its causes (the Encryption SDK wraps them).
	 */
	private static FetchFailure failureOf(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AwsServiceException aws) {
				return Failures.from(aws);
			}
		}
		if (ex.getClass().getName().startsWith("software.amazon.cryptography")
				|| ex.getClass().getName().startsWith("com.amazonaws.encryptionsdk")) {
			return FetchFailure.error("EncryptionSdkDecryptFailed", "The AWS Encryption SDK could not decrypt the "
					+ "message (" + ex.getClass().getSimpleName() + "): wrong encryption context or key, or a damaged message");
		}
		return Failures.from(ex);
	}

	private static boolean isEncryptionSdkPresent() {
		try {
			Class.forName(ENCRYPTION_SDK_CLASS, false, KmsDecryptor.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Thrown when an Encryption SDK message is found and the Encryption SDK is not on the class path.
	 */
	private static final class MissingEncryptionSdkException extends RuntimeException {

		private static final long serialVersionUID = 1L;

	}

}
