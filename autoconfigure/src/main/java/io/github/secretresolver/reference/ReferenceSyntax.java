package io.github.secretresolver.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * Delimiters of the reference syntax, shared by the scanner and by code that checks values for
 * references.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class ReferenceSyntax {

	/**
	 * Text that opens a reference.
	 */
	public static final String PREFIX = "<<resolve:";

	/**
	 * Text that closes a reference.
	 */
	public static final String SUFFIX = ">>";

	/**
	 * Text that separates a reference from its default value, as in
	 * {@code <<resolve:ssm:/name|default=value>>}.
	 */
	public static final String DEFAULT_OPTION = "|default=";

	/**
	 * Text that gives a reference its own refresh interval, as in
	 * {@code <<resolve:ssm:/name|ttl=30s>>}. Must come before a default value.
	 */
	public static final String TTL_OPTION = "|ttl=";

	/**
	 * Longest reference quoted whole in a message; longer ones (a KMS ciphertext can be
	 * megabytes) are shortened.
	 */
	public static final int MAX_QUOTED_LENGTH = 160;

	private ReferenceSyntax() {
	}

	/**
	 * Shorten a long reference for a message, keeping its start and end.
	 * @param reference the reference text
	 * @return the reference, or its first and last characters and its length
	 */
	public static String abbreviate(String reference) {
		if (reference.length() <= MAX_QUOTED_LENGTH) {
			return reference;
		}
		int kept = MAX_QUOTED_LENGTH / 2;
		return reference.substring(0, kept) + "…(" + reference.length() + " characters)…"
				+ reference.substring(reference.length() - kept);
	}

	/**
	 * Return the references written in a value, each shortened, without the text around them: a
	 * message quotes them instead of the value, which may also hold literal secrets.
	 * @param value the written value
	 * @return the references, separated by {@code ", "}
	 */
	public static String referencesIn(CharSequence value) {
		String text = value.toString();
		List<String> references = new ArrayList<>();
		int start = text.indexOf(PREFIX);
		while (start >= 0) {
			int end = text.indexOf(SUFFIX, start + PREFIX.length());
			if (end < 0) {
				references.add(abbreviate(text.substring(start)));
				break;
			}
			references.add(abbreviate(text.substring(start, end + SUFFIX.length())));
			start = text.indexOf(PREFIX, end + SUFFIX.length());
		}
		return String.join(", ", references);
	}

	/**
	 * Return whether a value contains a reference (or the start of one).
	 * @param value the value to check
	 * @return whether the value contains {@link #PREFIX}
	 */
	public static boolean containsReference(CharSequence value) {
		return value.toString().contains(PREFIX);
	}

}
