package io.github.secretresolver.refresh.events;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TopicQueuePolicyTests {

	private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:secret-resolver-shop-0123456789abcdef";

	private static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:secret-changes";

	@Test
	void allowingLetsOnlyTheTopicSendToTheQueue() {
		JsonNode policy = JsonMapper.builder().build().readTree(TopicQueuePolicy.allowing(QUEUE_ARN, TOPIC_ARN));
		assertThat(policy.path("Version").asString()).isEqualTo("2012-10-17");
		assertThat(policy.path("Statement")).hasSize(1);
		JsonNode statement = policy.path("Statement").get(0);
		assertThat(statement.path("Effect").asString()).isEqualTo("Allow");
		assertThat(statement.path("Principal").path("Service").asString()).isEqualTo("sns.amazonaws.com");
		assertThat(statement.path("Action").asString()).isEqualTo("sqs:SendMessage");
		assertThat(statement.path("Resource").asString()).isEqualTo(QUEUE_ARN);
		assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asString()).isEqualTo(TOPIC_ARN);
		assertThat(statement.path("Condition").properties()).hasSize(1);
	}

	@Test
	void allowingIsExactlyTheDocumentedJson() {
		assertThat(TopicQueuePolicy.allowing(QUEUE_ARN, TOPIC_ARN)).isEqualTo("{\"Version\":\"2012-10-17\","
				+ "\"Statement\":[{\"Sid\":\"secret-resolver-topic\",\"Effect\":\"Allow\","
				+ "\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\""
				+ QUEUE_ARN + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + TOPIC_ARN + "\"}}}]}");
	}

	@Test
	void allowingEscapesWhatItQuotes() {
		String policy = TopicQueuePolicy.allowing("arn:\"q", "arn:\\t");
		JsonNode statement = JsonMapper.builder().build().readTree(policy).path("Statement").get(0);
		assertThat(statement.path("Resource").asString()).isEqualTo("arn:\"q");
		assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asString()).isEqualTo("arn:\\t");
	}

}
