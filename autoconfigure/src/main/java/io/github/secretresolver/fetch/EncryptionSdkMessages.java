package io.github.secretresolver.fetch;

/**
 * Recognises messages of the AWS Encryption SDK (what {@code aws-encryption-cli} writes) by their
 * header: format version 1 starts with {@code 0x01 0x80}, version 2 with {@code 0x02} followed by a
 * committing algorithm suite id ({@code 0x0478} or {@code 0x0578}). A KMS {@code CiphertextBlob}
 * never starts this way.
 *
 * @author Secret Resolver contributors
 */
final class EncryptionSdkMessages {

	private static final byte VERSION_1 = 0x01;

	private static final byte TYPE_CUSTOMER_AUTHENTICATED_ENCRYPTED_DATA = (byte) 0x80;

	private static final byte VERSION_2 = 0x02;

	private EncryptionSdkMessages() {
	}

	static boolean isMessage(byte[] ciphertext) {
		if (ciphertext.length < 3) {
			return false;
		}
		if (ciphertext[0] == VERSION_1) {
			return ciphertext[1] == TYPE_CUSTOMER_AUTHENTICATED_ENCRYPTED_DATA;
		}
		return ciphertext[0] == VERSION_2 && (ciphertext[1] == 0x04 || ciphertext[1] == 0x05)
				&& ciphertext[2] == 0x78;
	}

}
