package io.github.secretresolver.fetch;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns exceptions thrown by AWS SDK calls into {@link FetchFailure failures}, and tells transient
 * failures (throttling, server errors, timeouts, network), which are worth trying again, from
 * permanent ones (not found, access denied, bad ciphertext), which are not. Throttling codes follow
 * the AWS SDK's classification; an answer without an error code counts by its HTTP status
 * ({@code Http429}, {@code Http5xx}).
 * <p>
 * Messages are AWS's own error messages or the SDK's own descriptions of configuration and network
 * problems; the message of an exception that may quote a response body (a response that could not
 * be parsed) is never passed on, since the body may hold a secret.
 *
 * @author Secret Resolver contributors
 */
final class Failures {

	private static final Set<String> NOT_FOUND_CODES = Set.of("ParameterNotFound", "ParameterVersionNotFound",
			"ResourceNotFoundException");

	private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
			"ThrottledException", "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException",
			"RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException",
			"Http429");

	private static final Set<String> TRANSIENT_CODES = Set.of("Throttling", "ThrottlingException",
			"ThrottledException", "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException",
			"RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException",
			"RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch",
			"AuthFailure", "RequestInTheFuture", "InternalServerError", "InternalFailure", "InternalServiceError", "InternalServiceErrorException",
			"ServiceUnavailable", "ServiceUnavailableException", "KMSInternalException", "KeyUnavailableException",
			"DependencyTimeoutException", "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
			"Timeout", "SdkClientException");

	/**
	 * Codes AWS uses both for a clock too far off (worth trying again: the SDK corrects its clock
	 * from the answer) and for a wrong secret key (not worth it); told apart by the message.
	 */
	private static final Set<String> SIGNATURE_CODES = Set.of("InvalidSignatureException", "SignatureDoesNotMatch");

	private static final Pattern CLOCK_SKEW = Pattern.compile("expired|earlier than|later than|in the future|skew",
			Pattern.CASE_INSENSITIVE);

	private static final String NO_CREDENTIALS_MESSAGE = "Unable to load credentials from any of the providers";

	private static final String NO_REGION_MESSAGE = "Unable to load region from any of the providers";

	private static final String INVALID_REQUEST = "InvalidRequestException";

	/**
	 * What Secrets Manager (and moto) say of a secret scheduled for deletion.
	 */
	private static final Pattern MARKED_FOR_DELETION = Pattern.compile("marked (for )?delet", Pattern.CASE_INSENSITIVE);

	private Failures() {
	}

	/**
	 * Return whether an error code names a transient failure.
	 * @param code the error code
	 * @return whether trying again later may succeed
	 */
	static boolean isTransientCode(String code) {
		return TRANSIENT_CODES.contains(code) || code.equals("Http429") || code.matches("Http5[0-9][0-9]");
	}

	/**
	 * Return whether an error code says that a quota was exceeded.
	 * @param code the error code
	 * @return whether it is a throttling code
	 */
	static boolean isThrottling(String code) {
		return THROTTLING_CODES.contains(code);
	}

	static FetchFailure from(RuntimeException ex) {
		if (ex instanceof AwsServiceException serviceException) {
			String code = errorCode(serviceException);
			String message = (serviceException.awsErrorDetails() != null)
					? serviceException.awsErrorDetails().errorMessage() : null;
			return of(code, (message != null) ? message : "AWS answered HTTP " + serviceException.statusCode());
		}
		if (ex instanceof ApiCallTimeoutException || ex instanceof ApiCallAttemptTimeoutException) {
			return FetchFailure.error("Timeout", "AWS did not answer in time");
		}
		if (ex instanceof SdkClientException) {
			return clientFailure(ex);
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
	 * Return the failure for a client-side exception: network errors and answers that could not be
	 * read are transient; missing credentials or Region, and every other configuration error (a
	 * profile that does not exist, a malformed endpoint), are permanent: reported at once, never
	 * retried.
	 */
	private static FetchFailure clientFailure(RuntimeException ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.startsWith(NO_CREDENTIALS_MESSAGE)) {
			return FetchFailure.error("NoCredentials", "No AWS credentials were found (system properties, "
					+ "environment variables, web identity, profile, container and instance credentials were tried)");
		}
		if (message.startsWith(NO_REGION_MESSAGE)) {
			return FetchFailure.error("NoRegion", "No AWS Region is configured (system property aws.region, "
					+ "environment variable AWS_REGION, profile and instance metadata were tried)");
		}
		String description = describe(ex);
		return isNetworkOrParsing(ex) ? FetchFailure.error("SdkClientException", description)
				: new FetchFailure("SdkClientException", description, FetchFailure.Kind.PERMANENT);
	}

	private static boolean isNetworkOrParsing(RuntimeException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || isParsingFailure(cause)) {
				return true;
			}
		}
		return false;
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

	/**
	 * Describe where a client looks values up, for errors saying a value does not exist: the
	 * commonest cause is the wrong Region or endpoint.
	 * @param client the client
	 * @return the Region and endpoint
	 */
	static String searchedIn(AwsClient client) {
		var configuration = client.serviceClientConfiguration();
		return "Region " + configuration.region() + ", endpoint " + configuration.endpointOverride()
			.map(URI::toString)
			.orElse("the default of the Region (no endpoint configured)");
	}

	/**
	 * Return the failure for an error code AWS reported: not found for the codes that say a value
	 * does not exist, transient or permanent otherwise.
	 * @param code the error code
	 * @param message AWS's message
	 * @return the failure
	 */
	static FetchFailure of(String code, String message) {
		if (NOT_FOUND_CODES.contains(code)) {
			return FetchFailure.notFound(code, message);
		}
		if (SIGNATURE_CODES.contains(code) && !CLOCK_SKEW.matcher(message).find()) {
			return new FetchFailure(code, message, FetchFailure.Kind.PERMANENT);
		}
		if (INVALID_REQUEST.equals(code) && MARKED_FOR_DELETION.matcher(message).find()) {
			return FetchFailure.notFound("SecretScheduledForDeletion",
					"The secret is scheduled for deletion; restore it (aws secretsmanager restore-secret) to use it");
		}
		return FetchFailure.error(code, message);
	}

}
