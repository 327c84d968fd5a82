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
		return Arns.region(this.secretId);
	}

	@Override
	public SecretsManagerReference inRegion(String region) {
		return Arns.isArn(this.secretId) ? new SecretsManagerReference(Arns.inRegion(this.secretId, region),
				this.jsonKey, this.versionStage, this.versionId) : this;
	}

	/**
	 * Return whether a secret in an answer, given by its name and ARN, is the secret this reference
	 * asked for: by name, by full ARN, or by an ARN written without the six characters Secrets
	 * Manager appends.
	 * @param name the secret's name
	 * @param arn the secret's full ARN
	 * @return whether the answer is for this secret
	 */
	public boolean isAnsweredBy(@Nullable String name, @Nullable String arn) {
		return this.secretId.equals(name) || this.secretId.equals(arn)
				|| (arn != null && Arns.isPartialSecretArnOf(this.secretId, arn));
	}

	/**
	 * Return whether a secret name or ARN, as an event carries it, designates this secret, whether
	 * either is written as a name, a full ARN or a partial ARN.
	 * @param identifier a secret name or ARN
	 * @return whether it is this secret
	 */
	public boolean isNamedBy(String identifier) {
		return identifier.equals(this.secretId) || Arns.secretName(identifier).equals(Arns.secretName(this.secretId));
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
