package io.github.secretresolver.fetch;

import org.jspecify.annotations.Nullable;

/**
 * Why a reference could not be resolved: an AWS error code (or one of this project's codes, such
 * as {@code JsonKeyNotFound}), a message that never contains a secret value, and what kind of
 * failure it is, which decides whether a default value applies and whether trying again may help.
 *
 * @param errorCode the AWS error code, or this project's code for errors found after the fetch
 * @param message a human-readable explanation without any secret value
 * @param kind whether the value does not exist, the failure is transient, or it is permanent
 * @param searched where the value was looked for (Region and endpoint), for values that do not
 * exist, or {@code null}
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record FetchFailure(String errorCode, String message, Kind kind, @Nullable String searched) {

	/**
	 * Create a failure.
	 * @param errorCode the error code
	 * @param message the explanation
	 * @param kind the kind of failure
	 */
	public FetchFailure(String errorCode, String message, Kind kind) {
		this(errorCode, message, kind, null);
	}

	/**
	 * Create a failure for a value that does not exist.
	 * @param errorCode the error code
	 * @param message the explanation
	 * @return the failure
	 */
	public static FetchFailure notFound(String errorCode, String message) {
		return new FetchFailure(errorCode, message, Kind.NOT_FOUND);
	}

	/**
	 * Create a failure for any other reason; whether it is transient follows from its error code
	 * (throttling, server errors, timeouts and network errors are).
	 * @param errorCode the error code
	 * @param message the explanation
	 * @return the failure
	 */
	public static FetchFailure error(String errorCode, String message) {
		return new FetchFailure(errorCode, message,
				Failures.isTransientCode(errorCode) ? Kind.TRANSIENT : Kind.PERMANENT);
	}

	/**
	 * Return the same failure, saying where the value was looked for.
	 * @param searched the Region and endpoint
	 * @return the failure
	 */
	public FetchFailure searchedIn(String searched) {
		return new FetchFailure(this.errorCode, this.message, this.kind, searched);
	}

	/**
	 * Return whether the referenced value does not exist, so that a default value applies.
	 * @return whether the value does not exist
	 */
	public boolean notFound() {
		return this.kind == Kind.NOT_FOUND;
	}

	/**
	 * Return whether the failure is transient (throttling, server error, timeout, network), so that
	 * trying again later may succeed.
	 * @return whether the failure is transient
	 */
	public boolean isTransient() {
		return this.kind == Kind.TRANSIENT;
	}

	/**
	 * Return whether an error code names a failure worth trying again: throttling, a server or
	 * network error, a timeout.
	 * @param errorCode the error code
	 * @return whether trying again later may succeed
	 */
	public static boolean isTransientCode(String errorCode) {
		return Failures.isTransientCode(errorCode);
	}

	/**
	 * Return whether an error code says that AWS throttled the call.
	 * @param errorCode the error code
	 * @return whether it is a throttling code
	 */
	public static boolean isThrottlingCode(String errorCode) {
		return Failures.isThrottling(errorCode);
	}

	/**
	 * Kinds of failure.
	 */
	public enum Kind {

		/**
		 * The parameter, secret, version or JSON key does not exist.
		 */
		NOT_FOUND,

		/**
		 * Throttling, a server error, a timeout or a network error: trying again may succeed.
		 */
		TRANSIENT,

		/**
		 * Anything else (access denied, validation, decryption failure): trying again does not
		 * help.
		 */
		PERMANENT

	}

}
