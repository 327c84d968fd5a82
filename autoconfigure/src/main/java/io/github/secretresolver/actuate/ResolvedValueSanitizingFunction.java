package io.github.secretresolver.actuate;

import io.github.secretresolver.autoconfigure.ResolvedValues;

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

	private final ResolvedValues resolvedValues;

	/**
	 * Create a new instance.
	 * @param resolvedValues the values resolved from AWS
	 */
	public ResolvedValueSanitizingFunction(ResolvedValues resolvedValues) {
		this.resolvedValues = resolvedValues;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		boolean fromAws = this.resolvedValues.isResolvedProperty(data.getPropertySource(), data.getKey())
				|| this.resolvedValues.reveals(data.getValue());
		return fromAws ? data.withSanitizedValue() : data;
	}

}
