package io.github.secretresolver.fetch;

import java.util.Map;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsDiscoveryKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Decrypts AWS Encryption SDK messages with a KMS keyring. Loaded only when such a message is
 * found and the (optional) Encryption SDK is on the class path.
 *
 * @author Secret Resolver contributors
 */
final class EncryptionSdkDecryptor {

	private static final int MAX_ENCRYPTED_DATA_KEYS = 10;

	private static final AwsCrypto CRYPTO = AwsCrypto.builder()
		.withCommitmentPolicy(CommitmentPolicy.RequireEncryptAllowDecrypt)
		.withMaxEncryptedDataKeys(MAX_ENCRYPTED_DATA_KEYS)
		.build();

	private static final MaterialProviders MATERIAL_PROVIDERS = MaterialProviders.builder()
		.MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
		.build();

	private EncryptionSdkDecryptor() {
	}

	/**
	 * Decrypt a message.
	 * @param client the KMS client for the Region of the data keys
	 * @param message the message bytes
	 * @param encryptionContext pairs the message's encryption context must contain
	 * @param keyArn the ARN of the only KMS key allowed to decrypt, or {@code null} to use any key
	 * the message names (discovery)
	 * @return the plaintext
	 */
	static byte[] decrypt(KmsClient client, byte[] message, Map<String, String> encryptionContext,
			@Nullable String keyArn) {
		IKeyring keyring = (keyArn != null)
				? MATERIAL_PROVIDERS
					.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(client).build())
				: MATERIAL_PROVIDERS.CreateAwsKmsDiscoveryKeyring(
						CreateAwsKmsDiscoveryKeyringInput.builder().kmsClient(client).build());
		return CRYPTO.decryptData(keyring, message, encryptionContext).getResult();
	}

}
