package io.github.secretresolver.env;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertySource;

/**
 * Tells which property values must never be shown, because they come from AWS.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretProperties {

	/**
	 * Return whether the value of a property, about to be shown (by an actuator endpoint, for
	 * example), comes from AWS and must be masked: the property is written with a reference, or
	 * composed from such a property through placeholders, transitively. Decided by origin, never by
	 * comparing values.
	 * @param source the property source the value comes from, if known
	 * @param name the property name, in that source's form or any form Spring Boot binds
	 * @return whether to mask it
	 */
	boolean isSecret(@Nullable PropertySource<?> source, String name);

}
