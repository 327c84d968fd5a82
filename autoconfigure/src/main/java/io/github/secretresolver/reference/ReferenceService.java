package io.github.secretresolver.reference;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * AWS service named by the second segment of a {@code <<resolve:SERVICE:...>>} reference.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public enum ReferenceService {

	/**
	 * Plaintext Parameter Store parameter ({@code String} or {@code StringList}).
	 */
	SSM("ssm"),

	/**
	 * Parameter Store {@code SecureString} parameter, returned decrypted.
	 */
	SSM_SECURE("ssm-secure"),

	/**
	 * Secrets Manager secret.
	 */
	SECRETS_MANAGER("secretsmanager"),

	/**
	 * KMS ciphertext (or AWS Encryption SDK message) written in the configuration, decrypted.
	 */
	KMS("kms");

	private final String id;

	ReferenceService(String id) {
		this.id = id;
	}

	/**
	 * Return the identifier used in references, for example {@code ssm-secure}.
	 * @return the identifier
	 */
	public String id() {
		return this.id;
	}

	static Optional<ReferenceService> fromId(String id) {
		return Arrays.stream(values()).filter((service) -> service.id.equals(id)).findFirst();
	}

	static String supportedIds() {
		return Arrays.stream(values()).map(ReferenceService::id).collect(Collectors.joining(", "));
	}

}
