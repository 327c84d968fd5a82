package io.github.secretresolver.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code <<resolve:...>>} references in a property value. Text outside references is
 * literal; an opened reference that is never closed is an error rather than literal text.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class ReferenceScanner {

	private ReferenceScanner() {
	}

	/**
	 * Split a value into literal text and references.
	 * @param value the property value
	 * @return the scanned value
	 * @throws InvalidReferenceException if a reference is not closed
	 */
	public static ScannedValue scan(String value) {
		List<Object> parts = new ArrayList<>();
		int position = 0;
		int start;
		while ((start = value.indexOf(ReferenceSyntax.PREFIX, position)) != -1) {
			if (start > position) {
				parts.add(value.substring(position, start));
			}
			int contentStart = start + ReferenceSyntax.PREFIX.length();
			int end = value.indexOf(ReferenceSyntax.SUFFIX, contentStart);
			if (end == -1) {
				throw new InvalidReferenceException("reference is not closed with '>>'");
			}
			String content = value.substring(contentStart, end);
			if (content.contains(ReferenceSyntax.PREFIX)) {
				throw new InvalidReferenceException("reference is not closed with '>>' before the next '<<resolve:'");
			}
			parts.add(embeddedReference(value.substring(start, end + ReferenceSyntax.SUFFIX.length()), content));
			position = end + ReferenceSyntax.SUFFIX.length();
		}
		if (position < value.length()) {
			parts.add(value.substring(position));
		}
		return new ScannedValue(List.copyOf(parts));
	}

	private static EmbeddedReference embeddedReference(String text, String content) {
		int option = content.indexOf('|');
		if (option == -1) {
			return new EmbeddedReference(text, content, null);
		}
		String body = content.substring(0, option);
		String options = content.substring(option);
		Duration refreshInterval = null;
		if (options.startsWith(ReferenceSyntax.TTL_OPTION)) {
			int end = options.indexOf('|', ReferenceSyntax.TTL_OPTION.length());
			end = (end != -1) ? end : options.length();
			refreshInterval = RefreshIntervals.parse(options.substring(ReferenceSyntax.TTL_OPTION.length(), end));
			options = options.substring(end);
		}
		if (options.isEmpty()) {
			return new EmbeddedReference(text, body, null, refreshInterval);
		}
		if (!options.startsWith(ReferenceSyntax.DEFAULT_OPTION)) {
			throw new InvalidReferenceException("unknown option after '|'; the options are '"
					+ ReferenceSyntax.TTL_OPTION + "DURATION' and, last, '" + ReferenceSyntax.DEFAULT_OPTION + "VALUE'");
		}
		return new EmbeddedReference(text, body, options.substring(ReferenceSyntax.DEFAULT_OPTION.length()),
				refreshInterval);
	}

}
