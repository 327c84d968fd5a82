package io.github.secretresolver.env;

/**
 * Escapes {@code ${} in fetched values so that Spring's placeholder resolution (in
 * {@code Environment}, the {@code Binder} and {@code @Value}) delivers them literally instead of
 * expanding them. Only a {@code ${} that Spring would read as the start of a placeholder (one that
 * is closed later in the property value) is escaped: Spring keeps the escape character in front of
 * an unclosed one.
 * <p>
 * Known limit: a value that ends with a backslash, placed right before a {@code ${...}} placeholder
 * written in the same property, escapes that placeholder; Spring's syntax cannot express a literal
 * backslash followed by a live placeholder.
 *
 * @author Secret Resolver contributors
 */
final class PlaceholderEscaper {

	private static final String PREFIX = "${";

	private PlaceholderEscaper() {
	}

	/**
	 * Escape a value that makes up a whole property value.
	 * @param value the fetched value
	 * @return the escaped value
	 */
	static String escape(String value) {
		return escape(value, "");
	}

	/**
	 * Escape a value that is followed by more text in the same property value.
	 * @param value the fetched value
	 * @param following the text that follows the value in the property value
	 * @return the escaped value
	 */
	static String escape(String value, String following) {
		return escape(value, following, false);
	}

	/**
	 * Escape literal text of the configuration that is followed by fetched text: a {@code ${} that
	 * the text leaves unclosed must not be closed by what follows. A {@code ${} the text already
	 * escapes is left as it is.
	 * @param text the literal text
	 * @param following the text that follows it in the property value
	 * @return the escaped text
	 */
	static String escapeUnescaped(String text, String following) {
		return escape(text, following, true);
	}

	private static String escape(String value, String following, boolean skipEscaped) {
		int start = value.indexOf(PREFIX);
		if (start == -1) {
			return value;
		}
		String text = value + following;
		StringBuilder escaped = new StringBuilder(value.length() + 8);
		int position = 0;
		while (start != -1) {
			escaped.append(value, position, start);
			boolean alreadyEscaped = start > 0 && value.charAt(start - 1) == '\\';
			if (!(skipEscaped && alreadyEscaped) && isClosed(text, start + PREFIX.length())) {
				escaped.append('\\');
			}
			escaped.append(PREFIX);
			position = start + PREFIX.length();
			start = value.indexOf(PREFIX, position);
		}
		return escaped.append(value, position, value.length()).toString();
	}

	/**
	 * Return whether a placeholder whose content starts at {@code from} is closed, counting nested
	 * braces as Spring's placeholder parser does.
	 */
	private static boolean isClosed(String text, int from) {
		int depth = 1;
		for (int index = from; index < text.length(); index++) {
			char character = text.charAt(index);
			if (character == '{') {
				depth++;
			}
			else if (character == '}' && --depth == 0) {
				return true;
			}
		}
		return false;
	}

}
