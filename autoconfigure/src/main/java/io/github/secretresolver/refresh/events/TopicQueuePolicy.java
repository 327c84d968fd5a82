package io.github.secretresolver.refresh.events;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The access policy of a queue the starter creates for an SNS topic: SNS may send messages to the
 * queue on behalf of that topic only ({@code aws:SourceArn}), and nobody else is granted anything.
 *
 * @author Secret Resolver contributors
 */
final class TopicQueuePolicy {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private TopicQueuePolicy() {
	}

	/**
	 * Return the policy document that lets a topic send messages to a queue.
	 * @param queueArn the ARN of the queue
	 * @param topicArn the ARN of the topic
	 * @return the policy, as JSON
	 */
	static String allowing(String queueArn, String topicArn) {
		ObjectNode policy = MAPPER.createObjectNode();
		policy.put("Version", "2012-10-17");
		ObjectNode statement = policy.putArray("Statement").addObject();
		statement.put("Sid", "secret-resolver-topic");
		statement.put("Effect", "Allow");
		statement.putObject("Principal").put("Service", "sns.amazonaws.com");
		statement.put("Action", "sqs:SendMessage");
		statement.put("Resource", queueArn);
		statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
		return MAPPER.writeValueAsString(policy);
	}

}
