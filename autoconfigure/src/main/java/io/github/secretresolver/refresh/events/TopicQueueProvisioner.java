package io.github.secretresolver.refresh.events;

import java.time.Clock;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates, keeps alive and removes the queue of this instance: a queue tagged as the starter's,
 * whose policy lets the topic send to it, subscribed to the topic with raw message delivery (the
 * message body is the EventBridge event).
 *
 * @author Secret Resolver contributors
 */
final class TopicQueueProvisioner {

	private static final Log logger = LogFactory.getLog(TopicQueueProvisioner.class);

	private final SqsClient sqs;

	private final SnsClient sns;

	private final String topicArn;

	private final @Nullable String applicationName;

	private final Clock clock;

	TopicQueueProvisioner(SqsClient sqs, SnsClient sns, String topicArn, @Nullable String applicationName,
			Clock clock) {
		this.sqs = sqs;
		this.sns = sns;
		this.topicArn = topicArn;
		this.applicationName = applicationName;
		this.clock = clock;
	}

	/**
	 * Create a queue for this instance and subscribe it to the topic. A queue whose setup fails is
	 * deleted again.
	 * @return the queue
	 * @throws RuntimeException the AWS error of the step that failed
	 */
	TopicQueue create() {
		String name = TopicQueueNames.derive(this.applicationName, TopicQueueNames.newInstanceId());
		String url = this.sqs
			.createQueue((request) -> request.queueName(name)
				.tags(TopicQueueTags.of(this.topicArn, this.clock.instant())))
			.queueUrl();
		try {
			String arn = this.sqs
				.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
				.attributes()
				.get(QueueAttributeName.QUEUE_ARN);
			this.sqs.setQueueAttributes((request) -> request.queueUrl(url)
				.attributes(Map.of(QueueAttributeName.POLICY, TopicQueuePolicy.allowing(arn, this.topicArn))));
			String subscriptionArn = this.sns
				.subscribe((request) -> request.topicArn(this.topicArn)
					.protocol("sqs")
					.endpoint(arn)
					.attributes(Map.of("RawMessageDelivery", "true"))
					.returnSubscriptionArn(true))
				.subscriptionArn();
			return new TopicQueue(name, url, arn, subscriptionArn);
		}
		catch (RuntimeException ex) {
			deleteQueue(url);
			throw ex;
		}
	}

	/**
	 * Record a heartbeat on the queue.
	 * @param queue the queue of this instance
	 * @throws RuntimeException the AWS error, {@link AwsErrors#isQueueGone(RuntimeException)} if the
	 * queue was deleted
	 */
	void heartbeat(TopicQueue queue) {
		this.sqs.tagQueue((request) -> request.queueUrl(queue.url())
			.tags(Map.of(TopicQueueTags.HEARTBEAT, TopicQueueTags.heartbeatValue(this.clock.instant()))));
	}

	/**
	 * Remove a subscription, if it still exists. Errors are logged.
	 * @param subscriptionArn the subscription
	 * @return whether the subscription is gone
	 */
	boolean unsubscribe(String subscriptionArn) {
		if (!subscriptionArn.startsWith("arn:")) {
			// "pending confirmation": nothing to remove yet
			return true;
		}
		try {
			this.sns.unsubscribe((request) -> request.subscriptionArn(subscriptionArn));
			return true;
		}
		catch (RuntimeException ex) {
			if (AwsErrors.isSubscriptionGone(ex)) {
				return true;
			}
			logger.warn("Could not unsubscribe " + subscriptionArn + " from " + this.topicArn + " ("
					+ AwsErrors.describe(ex) + "); the queue's subscription is removed later by another instance");
			return false;
		}
	}

	/**
	 * Delete a queue, if it still exists. Errors are logged.
	 * @param url the queue URL
	 * @return whether the queue is gone
	 */
	boolean deleteQueue(String url) {
		try {
			this.sqs.deleteQueue((request) -> request.queueUrl(url));
			return true;
		}
		catch (RuntimeException ex) {
			if (AwsErrors.isQueueGone(ex)) {
				return true;
			}
			logger.warn("Could not delete queue " + url + " (" + AwsErrors.describe(ex)
					+ "); it is deleted later by another instance once its heartbeat is old enough");
			return false;
		}
	}

	String topicArn() {
		return this.topicArn;
	}

}
