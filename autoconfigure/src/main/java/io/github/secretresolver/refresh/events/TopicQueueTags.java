package io.github.secretresolver.refresh.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tags of a queue the starter creates for an SNS topic: that the starter manages it, the topic
 * it receives, and the last heartbeat of the instance that owns it (epoch seconds), which the
 * owner keeps fresh and survivors read to find queues left by instances that died.
 *
 * @author Secret Resolver contributors
 */
final class TopicQueueTags {

	/**
	 * Tag that marks a queue the starter created (value {@code true}).
	 */
	static final String MANAGED = "secret-resolver:managed";

	/**
	 * Tag that names the topic the queue is subscribed to.
	 */
	static final String TOPIC = "secret-resolver:topic";

	/**
	 * Tag that holds the owner's last heartbeat, in seconds since the epoch.
	 */
	static final String HEARTBEAT = "secret-resolver:heartbeat";

	/**
	 * Longest tag value SQS accepts.
	 */
	private static final int MAX_VALUE_LENGTH = 256;

	private TopicQueueTags() {
	}

	/**
	 * Return the tags of a new queue.
	 * @param topicArn the topic
	 * @param now the time of the first heartbeat
	 * @return the tags
	 */
	static Map<String, String> of(String topicArn, Instant now) {
		return Map.of(MANAGED, "true", TOPIC, topicValue(topicArn), HEARTBEAT, heartbeatValue(now));
	}

	/**
	 * Return the value of the topic tag: the ARN, or, for the rare ARN longer than a tag value may
	 * be, {@code sha256:} and the hash of the ARN.
	 * @param topicArn the topic
	 * @return the tag value
	 */
	static String topicValue(String topicArn) {
		if (topicArn.length() <= MAX_VALUE_LENGTH) {
			return topicArn;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(topicArn.getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Return the value of the heartbeat tag.
	 * @param now the time of the heartbeat
	 * @return the tag value
	 */
	static String heartbeatValue(Instant now) {
		return Long.toString(now.getEpochSecond());
	}

	/**
	 * Read the heartbeat tag.
	 * @param tags the tags of a queue
	 * @return the time of the last heartbeat, or {@code null} if the tag is missing or malformed
	 */
	static @Nullable Instant heartbeat(Map<String, String> tags) {
		String value = tags.get(HEARTBEAT);
		if (value == null || value.isEmpty() || value.length() > 12
				|| !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return null;
		}
		return Instant.ofEpochSecond(Long.parseLong(value));
	}

}
