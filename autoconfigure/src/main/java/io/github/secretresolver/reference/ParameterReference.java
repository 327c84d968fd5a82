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

	private static final String SECRETS_MANAGER_PREFIX = "/aws/reference/secretsmanager/";

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
		return this.name.startsWith(SECRETS_MANAGER_PREFIX);
	}

	/**
	 * Return whether the parameter is named by its ARN.
	 * @return whether the name is an ARN
	 */
	public boolean isArn() {
		return this.name.startsWith("arn:");
	}

	@Override
	public Optional<String> arnRegion() {
		return isArn() ? Optional.of(this.name.split(":", -1)[3]) : Optional.empty();
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
