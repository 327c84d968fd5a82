package io.github.secretresolver.refresh.events;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * What the SQS and SNS errors of topic subscriptions mean. Descriptions hold AWS's error code and
 * message or the SDK's own description; queue and topic management never carries a secret.
 *
 * @author Secret Resolver contributors
 */
final class AwsErrors {

	private AwsErrors() {
	}

	/**
	 * Return whether an error says that a queue does not exist (any more).
	 * @param ex the error
	 * @return whether the queue is gone
	 */
	static boolean isQueueGone(RuntimeException ex) {
		if (ex instanceof QueueDoesNotExistException) {
			return true;
		}
		String code = code(ex);
		return "AWS.SimpleQueueService.NonExistentQueue".equals(code) || "QueueDoesNotExist".equals(code);
	}

	/**
	 * Return whether an error says that a subscription does not exist (any more).
	 * @param ex the error
	 * @return whether the subscription is gone
	 */
	static boolean isSubscriptionGone(RuntimeException ex) {
		return ex instanceof NotFoundException || "NotFound".equals(code(ex));
	}

	/**
	 * Return whether an error will happen again when the call is repeated as it is: a client
	 * error other than throttling (access denied, invalid or missing topic, invalid parameter).
	 * @param ex the error
	 * @return whether the error is permanent
	 */
	static boolean isPermanent(RuntimeException ex) {
		return ex instanceof AwsServiceException service && service.statusCode() >= 400 && service.statusCode() < 500
				&& !service.isThrottlingException() && service.statusCode() != 408;
	}

	/**
	 * Describe an error for a log message.
	 * @param ex the error
	 * @return the error code and AWS's message, or the SDK's description
	 */
	static String describe(RuntimeException ex) {
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null) {
			return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	private static @Nullable String code(RuntimeException ex) {
		return (ex instanceof AwsServiceException service && service.awsErrorDetails() != null)
				? service.awsErrorDetails().errorCode() : null;
	}

}
