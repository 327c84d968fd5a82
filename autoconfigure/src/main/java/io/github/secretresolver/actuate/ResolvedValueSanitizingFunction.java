package io.github.secretresolver.actuate;

import io.github.secretresolver.env.SecretProperties;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * {@link SanitizingFunction} that masks every property written with a reference, and every value
 * containing a value fetched from AWS, whether it is the property that holds the reference or
 * another property that reaches it through a {@code ${...}} placeholder or list binding. Applies to {@code /actuator/env} and {@code /actuator/configprops}
 * even when their {@code show-values} setting is {@code always}.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class ResolvedValueSanitizingFunction implements SanitizingFunction {

	private final SecretProperties secretProperties;

	/**
	 * Create a new instance.
	 * @param secretProperties tells which values come from AWS
	 */
	public ResolvedValueSanitizingFunction(SecretProperties secretProperties) {
		this.secretProperties = secretProperties;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		return this.secretProperties.isSecret(data.getPropertySource(), data.getKey(), data.getValue())
				? data.withSanitizedValue() : data;
	}

}
