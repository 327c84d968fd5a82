package io.github.secretresolver.reference;

import java.util.List;
import java.util.function.Function;

/**
 * A property value split into literal text and embedded references, in order.
 *
 * @param parts the literal strings and {@link EmbeddedReference references} of the value
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record ScannedValue(List<Object> parts) {

	/**
	 * Return the references in the value, in order of appearance.
	 * @return the references
	 */
	public List<EmbeddedReference> references() {
		return this.parts.stream()
			.filter(EmbeddedReference.class::isInstance)
			.map(EmbeddedReference.class::cast)
			.toList();
	}

	/**
	 * Rebuild the value with each reference replaced by the text the given function returns.
	 * Literal text is kept as it is.
	 * @param replacement the text for each reference
	 * @return the rebuilt value
	 */
	public String replace(Function<EmbeddedReference, String> replacement) {
		StringBuilder result = new StringBuilder();
		for (Object part : this.parts) {
			result.append((part instanceof EmbeddedReference reference) ? replacement.apply(reference) : part);
		}
		return result.toString();
	}

}
