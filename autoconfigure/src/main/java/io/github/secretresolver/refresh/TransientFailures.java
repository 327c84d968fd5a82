package io.github.secretresolver.refresh;

import java.util.Set;

import io.github.secretresolver.resolve.FetchFailure;

/**
 * Tells transient failures (throttling, server errors, timeouts, network), which are retried with
 * backoff, from permanent ones (not found, access denied, bad ciphertext), which are not.
 * Throttling codes follow the AWS SDK's classification; an answer without an error code counts by
 * its HTTP status ({@code Http429}, {@code Http5xx}).
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class TransientFailures {

	private static final Set<String> TRANSIENT_CODES = Set.of("Throttling", "ThrottlingException",
			"ThrottledException", "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException",
			"RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException",
			"InternalServerError", "InternalFailure", "InternalServiceError", "InternalServiceErrorException",
			"ServiceUnavailable", "ServiceUnavailableException", "KMSInternalException", "KeyUnavailableException",
			"DependencyTimeoutException", "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
			"Timeout", "SdkClientException", "Interrupted");

	private TransientFailures() {
	}

	/**
	 * Return whether a failure is transient.
	 * @param failure the failure
	 * @return whether retrying later may succeed
	 */
	public static boolean isTransient(FetchFailure failure) {
		String code = failure.errorCode();
		return TRANSIENT_CODES.contains(code) || code.equals("Http429") || code.matches("Http5[0-9][0-9]");
	}

}
