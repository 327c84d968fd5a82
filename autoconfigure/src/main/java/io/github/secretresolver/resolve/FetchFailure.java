package io.github.secretresolver.resolve;

/**
 * Why a reference could not be resolved: an AWS error code (or one of this project's codes, such
 * as {@code JsonKeyNotFound}), a message that never contains a secret value, and whether the cause
 * is that the value does not exist (which lets a default value apply).
 *
 * @param errorCode the AWS error code, or this project's code for errors found after the fetch
 * @param message a human-readable explanation without any secret value
 * @param notFound whether the referenced value does not exist
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record FetchFailure(String errorCode, String message, boolean notFound) {

	/**
	 * Create a failure for a value that does not exist.
	 * @param errorCode the error code
	 * @param message the explanation
	 * @return the failure
	 */
	public static FetchFailure notFound(String errorCode, String message) {
		return new FetchFailure(errorCode, message, true);
	}

	/**
	 * Create a failure for any other reason.
	 * @param errorCode the error code
	 * @param message the explanation
	 * @return the failure
	 */
	public static FetchFailure error(String errorCode, String message) {
		return new FetchFailure(errorCode, message, false);
	}

}
