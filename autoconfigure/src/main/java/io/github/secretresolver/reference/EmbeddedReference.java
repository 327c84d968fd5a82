package io.github.secretresolver.reference;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A reference as found in a property value, before any {@code ${...}} placeholder inside it is
 * resolved and before it is parsed.
 *
 * @param text the whole reference text, from {@code <<resolve:} to {@code >>}
 * @param body the text between {@code <<resolve:} and the default option or {@code >>}
 * @param defaultValue the value to use when the referenced value does not exist, or {@code null}
 * if the reference is required
 * @param refreshInterval how often to refresh this reference, or {@code null} for the interval of
 * its service
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record EmbeddedReference(String text, String body, @Nullable String defaultValue,
		@Nullable Duration refreshInterval) {

	/**
	 * Create a reference without its own refresh interval.
	 * @param text the whole reference text
	 * @param body the text between {@code <<resolve:} and the options or {@code >>}
	 * @param defaultValue the default value, or {@code null}
	 */
	public EmbeddedReference(String text, String body, @Nullable String defaultValue) {
		this(text, body, defaultValue, null);
	}

	/**
	 * Return whether a default value makes this reference optional.
	 * @return whether the reference is optional
	 */
	public boolean isOptional() {
		return this.defaultValue != null;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
