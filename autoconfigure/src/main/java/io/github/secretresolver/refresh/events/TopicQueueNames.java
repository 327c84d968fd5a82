package io.github.secretresolver.refresh.events;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Names of the SQS queues the starter creates for an SNS topic: {@code secret-resolver-}, the
 * application's name, and an instance id, within SQS's rules (at most 80 characters: letters,
 * digits, hyphens and underscores). The fixed prefix lets an IAM policy grant queue creation and
 * deletion on {@code arn:aws:sqs:*:*:secret-resolver-*} only, and lets survivors list the queues
 * of instances that died.
 *
 * @author Secret Resolver contributors
 */
final class TopicQueueNames {

	/**
	 * Prefix of every queue name.
	 */
	static final String PREFIX = "secret-resolver-";

	/**
	 * Longest queue name SQS accepts.
	 */
	static final int MAX_LENGTH = 80;

	private static final String DEFAULT_APPLICATION_NAME = "application";

	private TopicQueueNames() {
	}

	/**
	 * Return a new random instance id: 16 hexadecimal digits (64 bits).
	 * @return the id
	 */
	static String newInstanceId() {
		byte[] bytes = new byte[8];
		ThreadLocalRandom.current().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * Return the queue name of an instance: characters SQS does not allow in the application name
	 * become hyphens, and the application name is shortened so that the instance id is kept whole.
	 * @param applicationName the application name ({@code spring.application.name}), or
	 * {@code null} if not set
	 * @param instanceId the instance id, letters, digits, hyphens and underscores only
	 * @return the queue name
	 */
	static String derive(@Nullable String applicationName, String instanceId) {
		if (instanceId.isEmpty() || !instanceId.matches("[A-Za-z0-9_-]+")
				|| PREFIX.length() + 1 + instanceId.length() + 1 > MAX_LENGTH) {
			throw new IllegalArgumentException("'instanceId' must be 1 to "
					+ (MAX_LENGTH - PREFIX.length() - 2) + " letters, digits, hyphens or underscores");
		}
		String application = sanitize(applicationName);
		int room = MAX_LENGTH - PREFIX.length() - 1 - instanceId.length();
		if (application.length() > room) {
			application = trimHyphens(application.substring(0, room));
		}
		if (application.isEmpty()) {
			application = DEFAULT_APPLICATION_NAME.substring(0, Math.min(room, DEFAULT_APPLICATION_NAME.length()));
		}
		return PREFIX + application + "-" + instanceId;
	}

	private static String sanitize(@Nullable String applicationName) {
		if (applicationName == null) {
			return DEFAULT_APPLICATION_NAME;
		}
		String sanitized = applicationName.trim()
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_-]+", "-")
			.replaceAll("-{2,}", "-");
		return trimHyphens(sanitized);
	}

	private static String trimHyphens(String name) {
		int start = 0;
		int end = name.length();
		while (start < end && name.charAt(start) == '-') {
			start++;
		}
		while (end > start && name.charAt(end - 1) == '-') {
			end--;
		}
		return name.substring(start, end);
	}

}
