package io.github.secretresolver.refresh.events;

import io.github.secretresolver.reference.ReferenceParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RotationEventTests {

	private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app/db-Ab12Cd";

	private static final String PARAMETER_CHANGE = """
			{"version":"0","id":"0c5e3c3a-0000-4000-8000-000000000001","detail-type":"Parameter Store Change",
			 "source":"aws.ssm","account":"111122223333","time":"2026-09-01T10:15:00Z","region":"eu-west-1",
			 "resources":["arn:aws:ssm:eu-west-1:111122223333:parameter/app/prod/db/url"],
			 "detail":{"operation":"Update","name":"/app/prod/db/url","type":"SecureString"}}""";

	private static final String PUT_SECRET_VALUE = """
			{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.secretsmanager",
			 "account":"111122223333","region":"eu-west-1","resources":[],
			 "detail":{"eventSource":"secretsmanager.amazonaws.com","eventName":"PutSecretValue","eventType":"AwsApiCall",
			 "requestParameters":{"secretId":"prod/app/db","clientRequestToken":"3f0c9a4e"},
			 "responseElements":{"arn":"%s"}}}""".formatted(SECRET_ARN);

	private static final String ROTATION_SUCCEEDED = """
			{"version":"0","detail-type":"AWS Service Event via CloudTrail","source":"aws.secretsmanager",
			 "detail":{"eventSource":"secretsmanager.amazonaws.com","eventName":"RotationSucceeded",
			 "eventType":"AwsServiceEvent","requestParameters":null,"responseElements":null,
			 "additionalEventData":{"SecretId":"%s"}}}""".formatted(SECRET_ARN);

	private static final String LABEL_UPDATED = """
			{"version":"0","detail-type":"Secret Label Updated","source":"aws.secretsmanager",
			 "resources":["%s"],
			 "detail":{"name":"prod/app/db","labelUpdated":"AWSCURRENT","versionId":"3f0c9a4e"}}""".formatted(SECRET_ARN);

	@Test
	void parseWhenParameterStoreChangeConcernsTheParameterByNameOrArn() {
		RotationEvent event = RotationEvent.parse(PARAMETER_CHANGE).orElseThrow();
		assertThat(event.service()).isEqualTo("ssm");
		assertThat(event.concerns(ReferenceParser.parse("ssm-secure:/app/prod/db/url"))).isTrue();
		assertThat(event.concerns(ReferenceParser.parse("ssm-secure:/app/prod/db/url:3"))).isTrue();
		assertThat(event.concerns(
				ReferenceParser.parse("ssm:arn:aws:ssm:eu-west-1:111122223333:parameter/app/prod/db/url"))).isTrue();
		assertThat(event.concerns(ReferenceParser.parse("ssm:/app/prod/db/user"))).isFalse();
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:/app/prod/db/url"))).isFalse();
	}

	@Test
	void parseWhenPutSecretValueConcernsTheSecretByNameArnOrPartialArn() {
		RotationEvent event = RotationEvent.parse(PUT_SECRET_VALUE).orElseThrow();
		assertThat(event.service()).isEqualTo("secretsmanager");
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:prod/app/db:SecretString:password"))).isTrue();
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:" + SECRET_ARN))).isTrue();
		assertThat(event.concerns(ReferenceParser.parse("ssm-secure:/aws/reference/secretsmanager/prod/app/db"))).isTrue();
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:prod/app/other"))).isFalse();
		assertThat(event.concerns(ReferenceParser.parse("ssm:/prod/app/db"))).isFalse();
		assertThat(event.concerns(ReferenceParser.parse("kms:AQIDBA=="))).isFalse();
	}

	@Test
	void parseWhenOlderEventUsesARnFieldReadsIt() {
		RotationEvent event = RotationEvent.parse(PUT_SECRET_VALUE.replace("\"arn\"", "\"aRN\"")
			.replace("\"secretId\":\"prod/app/db\"", "\"secretId\":\"x\"")).orElseThrow();
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:prod/app/db"))).isTrue();
	}

	@Test
	void parseWhenRotationSucceededConcernsTheSecretByItsArn() {
		RotationEvent event = RotationEvent.parse(ROTATION_SUCCEEDED).orElseThrow();
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:prod/app/db"))).isTrue();
	}

	@Test
	void parseWhenSecretLabelUpdatedConcernsTheSecret() {
		RotationEvent event = RotationEvent.parse(LABEL_UPDATED).orElseThrow();
		assertThat(event.concerns(ReferenceParser.parse("secretsmanager:prod/app/db::password:AWSPREVIOUS"))).isTrue();
	}

	@Test
	void parseWhenWrappedInSnsNotificationUnwrapsIt() {
		String notification = "{\"Type\":\"Notification\",\"MessageId\":\"m\",\"TopicArn\":\"arn:aws:sns:eu-west-1:1:t\","
				+ "\"Message\":" + quote(PARAMETER_CHANGE) + "}";
		assertThat(RotationEvent.parse(notification)).hasValueSatisfying(
				(event) -> assertThat(event.concerns(ReferenceParser.parse("ssm:/app/prod/db/url"))).isTrue());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "{", "[]", "42", "\"text\"", "null", "{\"source\":\"aws.s3\"}",
			"{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Policy Action\",\"detail\":{\"name\":\"/x\"}}",
			"{\"source\":\"aws.secretsmanager\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":\"GetSecretValue\",\"requestParameters\":{\"secretId\":\"x\"}}}",
			"{\"source\":\"aws.secretsmanager\",\"detail-type\":\"AWS Service Event via CloudTrail\",\"detail\":{\"eventName\":\"RotationFailed\",\"additionalEventData\":{\"SecretId\":\"x\"}}}",
			"{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\",\"detail\":{\"name\":42}}",
			"{\"Type\":\"Notification\",\"Message\":\"not json\"}" })
	void parseWhenNotAChangeEventReturnsEmpty(String body) {
		assertThat(RotationEvent.parse(body)).isEmpty();
	}

	@Test
	void parseWhenMessageIsHugeStaysLinear() {
		String huge = "{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\",\"detail\":{\"name\":\"/x\",\"pad\":\""
				+ "a".repeat(1_000_000) + "\"}}";
		assertThat(RotationEvent.parse(huge)).isPresent();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}
