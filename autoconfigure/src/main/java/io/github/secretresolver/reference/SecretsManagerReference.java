package io.github.secretresolver.reference;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Reference to a Secrets Manager secret: its whole {@code SecretString} or one JSON key of it, at
 * the current version or at a pinned version stage or version id.
 *
 * @param secretId the secret name or full ARN
 * @param jsonKey the JSON key to extract, or {@code null} for the whole {@code SecretString}
 * @param versionStage the pinned staging label, or {@code null}
 * @param versionId the pinned version id, or {@code null}
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record SecretsManagerReference(String secretId, @Nullable String jsonKey, @Nullable String versionStage,
		@Nullable String versionId) implements SecretReference {

	/**
	 * Return whether a version stage or a version id is pinned. Unpinned references read
	 * {@code AWSCURRENT} and can be fetched in batches.
	 * @return whether a version is pinned
	 */
	public boolean isVersionPinned() {
		return this.versionStage != null || this.versionId != null;
	}

	/**
	 * Return the same reference without its JSON key: the unit in which secrets are fetched.
	 * @return the reference to the whole secret version
	 */
	public SecretsManagerReference wholeSecret() {
		return (this.jsonKey != null) ? new SecretsManagerReference(this.secretId, null, this.versionStage,
				this.versionId) : this;
	}

	@Override
	public ReferenceService service() {
		return ReferenceService.SECRETS_MANAGER;
	}

	@Override
	public Optional<String> arnRegion() {
		return this.secretId.startsWith("arn:") ? Optional.of(this.secretId.split(":", -1)[3]) : Optional.empty();
	}

	@Override
	public String text() {
		StringBuilder text = new StringBuilder("<<resolve:secretsmanager:").append(this.secretId);
		if (this.jsonKey != null || isVersionPinned()) {
			text.append(":SecretString:").append(nullToEmpty(this.jsonKey));
		}
		if (isVersionPinned()) {
			text.append(':').append(nullToEmpty(this.versionStage));
		}
		if (this.versionId != null) {
			text.append(':').append(this.versionId);
		}
		return text.append(">>").toString();
	}

	private static String nullToEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	@Override
	public String toString() {
		return text();
	}

}
