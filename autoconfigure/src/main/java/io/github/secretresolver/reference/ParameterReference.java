package io.github.secretresolver.reference;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Reference to a Parameter Store parameter, optionally pinned to a version or a label.
 *
 * @param service {@link ReferenceService#SSM} or {@link ReferenceService#SSM_SECURE}
 * @param name the parameter name or ARN
 * @param selector the version number or label, or {@code null} for the latest version
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record ParameterReference(ReferenceService service, String name,
		@Nullable String selector) implements SecretReference {

	/**
	 * Return the name as {@code GetParameters} expects it: the name or ARN followed by
	 * {@code :selector} when one is given.
	 * @return the name with its selector
	 */
	public String nameWithSelector() {
		return (this.selector != null) ? this.name + ":" + this.selector : this.name;
	}

	/**
	 * Return whether the name reaches Secrets Manager through Parameter Store
	 * ({@code /aws/reference/secretsmanager/...}).
	 * @return whether this is a Secrets Manager pass-through name
	 */
	public boolean isSecretsManagerPassThrough() {
		return this.name.startsWith(Arns.SECRETS_MANAGER_PASS_THROUGH);
	}

	/**
	 * Return the secret a pass-through name ({@code /aws/reference/secretsmanager/ID}) reads.
	 * @return the secret, or empty if this is not a pass-through name
	 */
	public Optional<SecretsManagerReference> passThroughSecret() {
		return isSecretsManagerPassThrough()
				? Optional.of(new SecretsManagerReference(this.name.substring(Arns.SECRETS_MANAGER_PASS_THROUGH.length()),
						null, null, null))
				: Optional.empty();
	}

	/**
	 * Return whether a name or ARN, as an event carries it, designates this parameter.
	 * @param identifier a parameter name or ARN
	 * @return whether it is this parameter
	 */
	public boolean isNamedBy(String identifier) {
		return identifier.equals(this.name) || Arns.isParameterArnOf(identifier, this.name);
	}

	/**
	 * Return whether the parameter is named by its ARN.
	 * @return whether the name is an ARN
	 */
	public boolean isArn() {
		return Arns.isArn(this.name);
	}

	@Override
	public Optional<String> arnRegion() {
		return Arns.region(this.name);
	}

	@Override
	public ParameterReference inRegion(String region) {
		return isArn() ? new ParameterReference(this.service, Arns.inRegion(this.name, region), this.selector) : this;
	}

	@Override
	public String text() {
		return "<<resolve:" + this.service.id() + ":" + nameWithSelector() + ">>";
	}

	@Override
	public String toString() {
		return text();
	}

}
