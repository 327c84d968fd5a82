package io.github.secretresolver.reference;

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

	private ReferenceSyntax() {
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
