package io.github.secretresolver.refresh.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deletes the queues, and their subscriptions, that instances receiving the same topic left when
 * they stopped without cleaning up (killed, crashed, lost their network): a queue the starter
 * created for the same topic whose heartbeat is older than the limit. Every instance sweeps, so
 * that nothing accumulates while any instance runs.
 * <p>
 * A sweep lists the queues whose names start with {@link TopicQueueNames#PREFIX} and reads the
 * tags of those whose last known heartbeat could be stale by now (a queue seen alive is not read
 * again until its heartbeat could have aged past the limit), then lists the topic's
 * subscriptions: those of a stale queue are removed before the queue is deleted, and those of a
 * starter's queue that no longer exists are removed too. A queue without a readable heartbeat
 * counts as stale once it is older than the limit. Not thread-safe: one sweep at a time.
 *
 * @author Secret Resolver contributors
 */
final class OrphanedQueueJanitor {

	private static final Log logger = LogFactory.getLog(OrphanedQueueJanitor.class);

	private final SqsClient sqs;

	private final SnsClient sns;

	private final TopicQueueProvisioner provisioner;

	private final String topicValue;

	private final Duration orphanAfter;

	private final Clock clock;

	private final Map<String, Instant> knownHeartbeats = new HashMap<>();

	private final Set<String> otherQueues = new HashSet<>();

	OrphanedQueueJanitor(SqsClient sqs, SnsClient sns, TopicQueueProvisioner provisioner, Duration orphanAfter,
			Clock clock) {
		this.sqs = sqs;
		this.sns = sns;
		this.provisioner = provisioner;
		this.topicValue = TopicQueueTags.topicValue(provisioner.topicArn());
		this.orphanAfter = orphanAfter;
		this.clock = clock;
	}

	/**
	 * Judge a queue by its tags.
	 * @param tags the tags of the queue
	 * @return what the queue is to this instance
	 */
	Verdict judge(Map<String, String> tags) {
		if (!"true".equals(tags.get(TopicQueueTags.MANAGED))
				|| !this.topicValue.equals(tags.get(TopicQueueTags.TOPIC))) {
			return Verdict.OTHER;
		}
		Instant heartbeat = TopicQueueTags.heartbeat(tags);
		if (heartbeat == null) {
			return Verdict.NO_HEARTBEAT;
		}
		return isStale(heartbeat) ? Verdict.ORPHANED : Verdict.ALIVE;
	}

	/**
	 * Return whether a heartbeat (or creation) is older than the limit.
	 * @param heartbeat the time of the heartbeat
	 * @return whether it is older than the limit
	 */
	boolean isStale(Instant heartbeat) {
		return heartbeat.plus(this.orphanAfter).isBefore(this.clock.instant());
	}

	/**
	 * Delete the queues of the topic whose heartbeat is stale, and their subscriptions.
	 * @param own the queue of this instance, never deleted
	 * @return the number of queues deleted
	 * @throws RuntimeException the AWS error of a listing call
	 */
	int sweep(TopicQueue own) {
		Set<String> listed = new HashSet<>();
		List<String> orphans = new ArrayList<>();
		for (String url : this.sqs
			.listQueuesPaginator((request) -> request.queueNamePrefix(TopicQueueNames.PREFIX).maxResults(1000))
			.queueUrls()) {
			listed.add(url);
			String name = name(url);
			if (name.equals(own.name()) || this.otherQueues.contains(url)) {
				continue;
			}
			Instant known = this.knownHeartbeats.get(url);
			if (known != null && !isStale(known)) {
				continue;
			}
			Map<String, String> tags = tags(url);
			if (tags == null) {
				continue;
			}
			switch (judge(tags)) {
				case OTHER -> {
					// a queue seen without tags may be too new to show them
					if (!tags.isEmpty()) {
						this.otherQueues.add(url);
					}
				}
				case ALIVE -> this.knownHeartbeats.put(url, TopicQueueTags.heartbeat(tags));
				case ORPHANED -> orphans.add(url);
				case NO_HEARTBEAT -> {
					if (isOlderThanLimit(url)) {
						orphans.add(url);
					}
				}
			}
		}
		this.knownHeartbeats.keySet().retainAll(listed);
		this.otherQueues.retainAll(listed);
		return remove(own, orphans, listed);
	}

	private @Nullable Map<String, String> tags(String url) {
		try {
			return this.sqs.listQueueTags((request) -> request.queueUrl(url)).tags();
		}
		catch (RuntimeException ex) {
			if (AwsErrors.isQueueGone(ex)) {
				return null;
			}
			throw ex;
		}
	}

	private boolean isOlderThanLimit(String url) {
		try {
			String created = this.sqs
				.getQueueAttributes(
						(request) -> request.queueUrl(url).attributeNames(QueueAttributeName.CREATED_TIMESTAMP))
				.attributes()
				.get(QueueAttributeName.CREATED_TIMESTAMP);
			return created != null && isStale(Instant.ofEpochSecond(Long.parseLong(created)));
		}
		catch (NumberFormatException ex) {
			return false;
		}
		catch (RuntimeException ex) {
			if (AwsErrors.isQueueGone(ex)) {
				return false;
			}
			throw ex;
		}
	}

	private int remove(TopicQueue own, List<String> orphans, Set<String> listed) {
		Map<String, List<String>> subscriptions = subscriptionsByQueueArn();
		int deleted = 0;
		for (String url : orphans) {
			String name = name(url);
			List<String> queueSubscriptions = subscriptions.remove(own.siblingArn(name));
			if (queueSubscriptions != null) {
				queueSubscriptions.forEach(this.provisioner::unsubscribe);
			}
			if (this.provisioner.deleteQueue(url)) {
				deleted++;
				logger.info("Deleted rotation events queue " + name + " of topic " + this.provisioner.topicArn()
						+ ": its owner stopped without removing it (no heartbeat for more than "
						+ this.orphanAfter.toSeconds() + " s)");
			}
		}
		Set<String> listedNames = new HashSet<>();
		listed.forEach((url) -> listedNames.add(name(url)));
		String ownPrefix = own.siblingArn(TopicQueueNames.PREFIX);
		subscriptions.forEach((queueArn, arns) -> {
			String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
			if (queueArn.startsWith(ownPrefix) && !queueArn.equals(own.arn()) && !listedNames.contains(name)
					&& !exists(name)) {
				arns.forEach(this.provisioner::unsubscribe);
				logger.info("Removed the subscription of deleted rotation events queue " + name + " from topic "
						+ this.provisioner.topicArn());
			}
		});
		return deleted;
	}

	private Map<String, List<String>> subscriptionsByQueueArn() {
		Map<String, List<String>> subscriptions = new LinkedHashMap<>();
		for (Subscription subscription : this.sns
			.listSubscriptionsByTopicPaginator((request) -> request.topicArn(this.provisioner.topicArn()))
			.subscriptions()) {
			if ("sqs".equals(subscription.protocol()) && subscription.endpoint() != null
					&& subscription.subscriptionArn() != null) {
				subscriptions.computeIfAbsent(subscription.endpoint(), (key) -> new ArrayList<>())
					.add(subscription.subscriptionArn());
			}
		}
		return subscriptions;
	}

	private boolean exists(String queueName) {
		try {
			this.sqs.getQueueUrl((request) -> request.queueName(queueName));
			return true;
		}
		catch (RuntimeException ex) {
			if (AwsErrors.isQueueGone(ex)) {
				return false;
			}
			throw ex;
		}
	}

	private static String name(String url) {
		return url.substring(url.lastIndexOf('/') + 1);
	}

	/**
	 * What a queue listed by the janitor is.
	 */
	enum Verdict {

		/**
		 * Not a queue the starter created for this topic: left alone.
		 */
		OTHER,

		/**
		 * A queue of the topic whose owner's heartbeat is recent.
		 */
		ALIVE,

		/**
		 * A queue of the topic whose heartbeat is older than the limit: deleted.
		 */
		ORPHANED,

		/**
		 * A queue of the topic without a readable heartbeat: deleted once it is older than the
		 * limit.
		 */
		NO_HEARTBEAT

	}

}
