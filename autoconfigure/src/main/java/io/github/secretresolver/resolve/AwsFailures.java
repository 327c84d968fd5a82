package io.github.secretresolver.resolve;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns exceptions thrown by AWS SDK calls into {@link FetchFailure failures}.
 *
 * @author Secret Resolver contributors
 */
final class AwsFailures {

	private static final Set<String> NOT_FOUND_CODES = Set.of("ParameterNotFound", "ParameterVersionNotFound",
			"ResourceNotFoundException");

	private AwsFailures() {
	}

	static FetchFailure from(RuntimeException ex) {
		if (ex instanceof AwsServiceException serviceException && serviceException.awsErrorDetails() != null) {
			String code = serviceException.awsErrorDetails().errorCode();
			String message = serviceException.awsErrorDetails().errorMessage();
			return new FetchFailure(code, (message != null) ? message : code, NOT_FOUND_CODES.contains(code));
		}
		if (ex instanceof ApiCallTimeoutException || ex instanceof ApiCallAttemptTimeoutException) {
			return FetchFailure.error("Timeout", "AWS did not answer in time: " + ex.getMessage());
		}
		if (ex instanceof SdkClientException) {
			return FetchFailure.error("SdkClientException", ex.getMessage());
		}
		return FetchFailure.error(ex.getClass().getSimpleName(), "Unexpected error calling AWS");
	}

	static boolean isNotFoundCode(String code) {
		return NOT_FOUND_CODES.contains(code);
	}

}
