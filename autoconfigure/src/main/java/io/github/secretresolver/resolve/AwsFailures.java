package io.github.secretresolver.resolve;

import java.io.IOException;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns exceptions thrown by AWS SDK calls into {@link FetchFailure failures}. Messages are AWS's
 * own error messages or the SDK's own descriptions of configuration and network problems; the
 * message of an exception that may quote a response body (a response that could not be parsed) is
 * never passed on, since the body may hold a secret.
 *
 * @author Secret Resolver contributors
 */
final class AwsFailures {

	private static final Set<String> NOT_FOUND_CODES = Set.of("ParameterNotFound", "ParameterVersionNotFound",
			"ResourceNotFoundException");

	private AwsFailures() {
	}

	static FetchFailure from(RuntimeException ex) {
		if (ex instanceof AwsServiceException serviceException) {
			String code = errorCode(serviceException);
			String message = (serviceException.awsErrorDetails() != null)
					? serviceException.awsErrorDetails().errorMessage() : null;
			return new FetchFailure(code, (message != null) ? message : "AWS answered HTTP "
					+ serviceException.statusCode(), NOT_FOUND_CODES.contains(code));
		}
		if (ex instanceof ApiCallTimeoutException || ex instanceof ApiCallAttemptTimeoutException) {
			return FetchFailure.error("Timeout", "AWS did not answer in time");
		}
		if (ex instanceof SdkClientException) {
			return FetchFailure.error("SdkClientException", describe(ex));
		}
		return FetchFailure.error(ex.getClass().getSimpleName(), "Unexpected error calling AWS");
	}

	/**
	 * Return the error code of a service exception, or {@code Http<status>} when the answer
	 * carried none (an HTML error page from a proxy or load balancer, an empty body).
	 */
	private static String errorCode(AwsServiceException ex) {
		String code = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null;
		return (code != null && !code.isBlank()) ? code : "Http" + ex.statusCode();
	}

	/**
	 * Describe a client-side failure: network errors and the SDK's configuration messages (no
	 * Region, no credentials) are safe and useful; anything else, such as a response that could not
	 * be parsed, is described by its exception classes only.
	 */
	private static String describe(RuntimeException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException && !isParsingFailure(cause)) {
				return "Could not reach AWS: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
			}
			if (isParsingFailure(cause)) {
				return "AWS sent a response that could not be read (" + cause.getClass().getSimpleName() + ")";
			}
		}
		String message = ex.getMessage();
		return (message != null && !message.contains("nmarshall")) ? message
				: "AWS sent a response that could not be read";
	}

	private static boolean isParsingFailure(Throwable cause) {
		String name = cause.getClass().getName();
		return name.contains("jackson") || name.contains("Json") || name.contains("Parse");
	}

	static boolean isNotFoundCode(String code) {
		return NOT_FOUND_CODES.contains(code);
	}

}
