package io.github.secretresolver.autoconfigure;

/**
 * Escapes {@code ${} in fetched values so that Spring's placeholder resolution delivers them
 * literally instead of expanding them.
 *
 * @author Secret Resolver contributors
 */
final class PlaceholderEscaper {

	private PlaceholderEscaper() {
	}

	static String escape(String value) {
		return value.replace("${", "\\${");
	}

}
