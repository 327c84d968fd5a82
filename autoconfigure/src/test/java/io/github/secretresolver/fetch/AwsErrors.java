package io.github.secretresolver.fetch;

import java.io.IOException;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Exceptions as the AWS SDK throws them, for the fake clients of the unit tests.
 *
 * @author Secret Resolver contributors
 */
final class AwsErrors {

	private AwsErrors() {
	}

	/**
	 * Return an error AWS answered with an error code, as the SDK's unmarshaller builds it.
	 * @param builder the builder of the service's exception type, such as
	 * {@code ParameterNotFoundException.builder()}
	 * @param status the HTTP status
	 * @param code the error code
	 * @param message AWS's message
	 * @return the exception
	 */
	static AwsServiceException serviceError(AwsServiceException.Builder builder, int status, String code,
			String message) {
		return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
			.statusCode(status)
			.message(message + " (Service: Test, Status Code: " + status + ", Request ID: 1234)")
			.build();
	}

	/**
	 * Return an error answered without an error code, such as an HTML page from a load balancer,
	 * whose body the SDK puts in the exception's message.
	 * @param status the HTTP status
	 * @param body the body of the answer
	 * @return the exception
	 */
	static AwsServiceException errorPage(int status, String body) {
		return AwsServiceException.builder()
			.awsErrorDetails(AwsErrorDetails.builder().build())
			.statusCode(status)
			.message(body)
			.build();
	}

	static AwsServiceException throttling() {
		return serviceError(AwsServiceException.builder(), 400, "ThrottlingException", "Rate exceeded");
	}

	static AwsServiceException serviceUnavailable() {
		return serviceError(AwsServiceException.builder(), 503, "ServiceUnavailable", "Service is unavailable");
	}

	static AwsServiceException accessDenied() {
		return serviceError(AwsServiceException.builder(), 400, "AccessDeniedException",
				"User is not authorized to perform this operation");
	}

	/**
	 * Return the error AWS answers when IAM denies an action, naming it as AWS does.
	 * @param action the action, such as {@code ssm:GetParameters}
	 * @return the exception
	 */
	static AwsServiceException accessDenied(String action) {
		return serviceError(AwsServiceException.builder(), 400, "AccessDeniedException",
				"User: arn:aws:sts::123456789012:assumed-role/shop/i-0abc is not authorized to perform: " + action
						+ " because no identity-based policy allows the " + action + " action");
	}

	/**
	 * Return the exception the SDK throws when the connection fails.
	 * @return the exception
	 */
	static SdkClientException connectionReset() {
		return SdkClientException.builder()
			.message("Unable to execute HTTP request: Connection reset")
			.cause(new IOException("Connection reset"))
			.build();
	}

	/**
	 * Return the exception the SDK throws when an answer cannot be parsed: its message and its
	 * cause quote the body, which may hold a secret.
	 * @param body the body of the answer
	 * @return the exception
	 */
	static SdkClientException unparseable(String body) {
		return SdkClientException.builder()
			.message("Unable to unmarshall response (" + body + ")")
			.cause(new JsonParseFailure("Unexpected character in " + body))
			.build();
	}

	/**
	 * Stands in for a JSON parser's exception (Jackson 2's is an {@link IOException}).
	 */
	static final class JsonParseFailure extends IOException {

		private static final long serialVersionUID = 1L;

		JsonParseFailure(String message) {
			super(message);
		}

	}

}
