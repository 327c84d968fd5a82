package io.github.secretresolver.refresh.events;

/**
 * A queue the starter created for this instance and subscribed to the topic.
 *
 * @param name the queue name
 * @param url the queue URL
 * @param arn the queue ARN
 * @param subscriptionArn the ARN of the subscription to the topic
 * @author Secret Resolver contributors
 */
record TopicQueue(String name, String url, String arn, String subscriptionArn) {

	/**
	 * Return the ARN of another queue of the same account and Region.
	 * @param queueName the name of the other queue
	 * @return its ARN
	 */
	String siblingArn(String queueName) {
		return this.arn.substring(0, this.arn.lastIndexOf(':') + 1) + queueName;
	}

}
