package io.github.secretresolver.actuate;

import io.github.secretresolver.env.SecretProperties;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * {@link SanitizingFunction} that masks every property whose value comes from AWS: written with a
 * reference, or composed from such a property through {@code ${...}} placeholders, transitively,
 * including the elements and nested properties bound from it. Applies to {@code /actuator/env}
 * and {@code /actuator/configprops} even when their {@code show-values} setting is
 * {@code always}. Masking is decided by origin: a property whose value merely equals a fetched
 * value is shown.
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
		return this.secretProperties.isSecret(data.getPropertySource(), data.getKey())
				? data.withSanitizedValue() : data;
	}

}
