package io.github.secretresolver;

import org.jspecify.annotations.Nullable;

/**
 * One reference that could not be resolved. Holds the property, where it was written, the
 * reference text and the error, never a value.
 *
 * @param property the property name
 * @param origin where the property was written, if known
 * @param reference the reference text as written
 * @param errorCode the AWS error code or this project's code, such as {@code InvalidReference}
 * @param message what went wrong
 * @param searched where the value was looked for (Region and endpoint), when it does not exist
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record ResolutionError(String property, @Nullable String origin, String reference, String errorCode,
		String message, @Nullable String searched) {

	/**
	 * Create an error that is not about a value that does not exist.
	 * @param property the property name
	 * @param origin where the property was written, if known
	 * @param reference the reference text as written
	 * @param errorCode the error code
	 * @param message what went wrong
	 */
	public ResolutionError(String property, @Nullable String origin, String reference, String errorCode,
			String message) {
		this(property, origin, reference, errorCode, message, null);
	}

	/**
	 * Return a one-line description of the error.
	 * @return the description
	 */
	public String describe() {
		return "'" + this.property + "'" + ((this.origin != null) ? " from " + this.origin : "") + ": "
				+ this.reference + " -> " + this.errorCode + ": " + this.message
				+ ((this.searched != null) ? " (searched " + this.searched + ")" : "");
	}

}
