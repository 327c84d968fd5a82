package io.github.secretresolver.env;

import java.util.Set;

import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.ReferenceScanner;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Reads {@code ${...}} placeholders as Spring does, for code outside this package.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class Placeholders {

	private Placeholders() {
	}

	/**
	 * Return the keys of the placeholders in a text, nested ones and those in defaults included.
	 * @param text the text, for example the value of a {@code @Value} annotation
	 * @return the keys as written, empty if there is none or the text cannot be read
	 */
	public static Set<String> keysOf(String text) {
		if (!text.contains("${")) {
			return Set.of();
		}
		try {
			return PlaceholderTemplate.parse(ReferenceScanner.scan(text), (key) -> false).placeholderKeys();
		}
		catch (InvalidReferenceException ex) {
			return Set.of();
		}
	}

	/**
	 * Return a property name in canonical form, whether written as in configuration files, as an
	 * environment variable or in camel case.
	 * @param name the name
	 * @return the canonical form, or {@code null} if it cannot be a property name
	 */
	public static @Nullable String canonical(String name) {
		ConfigurationPropertyName canonical = SecretPropertyIndex.canonical(name);
		return (canonical != null) ? canonical.toString() : null;
	}

}
