package io.github.secretresolver.reference;

import org.jspecify.annotations.Nullable;

/**
 * A reference as found in a property value, before any {@code ${...}} placeholder inside it is
 * resolved and before it is parsed.
 *
 * @param text the whole reference text, from {@code <<resolve:} to {@code >>}
 * @param body the text between {@code <<resolve:} and the default option or {@code >>}
 * @param defaultValue the value to use when the referenced value does not exist, or {@code null}
 * if the reference is required
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record EmbeddedReference(String text, String body, @Nullable String defaultValue) {

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
