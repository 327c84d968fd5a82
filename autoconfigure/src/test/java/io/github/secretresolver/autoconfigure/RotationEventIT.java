package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation events delivered through EventBridge to SQS (moto: the events are put by the test,
 * as moto emits none) refresh the references they concern, and only those.
 */
@ExtendWith(OutputCaptureExtension.class)
class RotationEventIT {

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static final SqsClient sqs = AwsTestEnvironment.configure(SqsClient.builder()).build();

	private static final EventBridgeClient eventBridge = AwsTestEnvironment.configure(EventBridgeClient.builder())
		.build();

	private String prefix;

	private String secret;

	private String queue;

	private String queueUrl;

	@BeforeAll
	static void check() {
		AwsTestEnvironment.endpoint();
	}

	@AfterAll
	static void closeClients() {
		ssm.close();
		secretsManager.close();
		sqs.close();
		eventBridge.close();
	}

	@BeforeEach
	void createQueueAndRule() {
		this.prefix = AwsTestEnvironment.uniquePrefix();
		this.secret = "it" + this.prefix.substring(3) + "/events";
		ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-1").type(ParameterType.STRING));
		ssm.putParameter((request) -> request.name(this.prefix + "/other").value("o-1").type(ParameterType.STRING));
		secretsManager.createSecret((request) -> request.name(this.secret).secretString("{\"password\":\"pw-1\"}"));
		this.queue = "secret-events-" + this.prefix.substring(4);
		this.queueUrl = sqs.createQueue((request) -> request.queueName(this.queue)).queueUrl();
		String queueArn = sqs
			.getQueueAttributes((request) -> request.queueUrl(this.queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		String rule = "secret-changes-" + this.prefix.substring(4);
		eventBridge.putRule((request) -> request.name(rule)
			.eventPattern("{\"source\":[\"aws.ssm\",\"aws.secretsmanager\"],\"detail\":{\"name\":[{\"prefix\":\"\"}]}}"));
		eventBridge.putRule((request) -> request.name(rule + "-ct")
			.eventPattern("{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS API Call via CloudTrail\"]}"));
		eventBridge.putTargets((request) -> request.rule(rule).targets((target) -> target.id("queue").arn(queueArn)));
		eventBridge.putTargets((request) -> request.rule(rule + "-ct").targets((target) -> target.id("queue").arn(queueArn)));
	}

	@Test
	void parameterStoreChangeEventRefreshesTheParameter() throws InterruptedException {
		try (ConfigurableApplicationContext context = run()) {
			ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-2").type(ParameterType.STRING)
				.overwrite(true));
			putEvent("aws.ssm", "Parameter Store Change", "{\"operation\":\"Update\",\"name\":\"" + this.prefix
					+ "/host\",\"type\":\"String\"}", "arn:aws:ssm:us-east-1:123456789012:parameter" + this.prefix + "/host");
			TestApplications.awaitProperty(context, "it.url", "jdbc://db-2/shop");
		}
	}

	@Test
	void secretsManagerCloudTrailEventRefreshesTheSecretOnly() throws InterruptedException {
		try (ConfigurableApplicationContext context = run()) {
			secretsManager.putSecretValue((request) -> request.secretId(this.secret).secretString("{\"password\":\"pw-2\"}"));
			ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-not-yet").type(ParameterType.STRING)
				.overwrite(true));
			AwsCallCounter.reset();
			putEvent("aws.secretsmanager", "AWS API Call via CloudTrail",
					"{\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":\"PutSecretValue\","
							+ "\"requestParameters\":{\"secretId\":\"" + this.secret + "\"},"
							+ "\"responseElements\":{\"arn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:"
							+ this.secret + "-Ab12Cd\"}}",
					null);
			TestApplications.awaitProperty(context, "it.password", "pw-2");
			assertThat(context.getEnvironment().getProperty("it.url")).isEqualTo("jdbc://db-1/shop");
			assertThat(AwsCallCounter.count("GetParameters")).isZero();
		}
	}

	@Test
	void snsWrappedSecretLabelUpdatedEventRefreshesTheSecret() throws InterruptedException {
		try (ConfigurableApplicationContext context = run()) {
			secretsManager.putSecretValue((request) -> request.secretId(this.secret).secretString("{\"password\":\"pw-3\"}"));
			String event = "{\"version\":\"0\",\"detail-type\":\"Secret Label Updated\",\"source\":\"aws.secretsmanager\","
					+ "\"resources\":[],\"detail\":{\"name\":\"" + this.secret + "\",\"labelUpdated\":\"AWSCURRENT\"}}";
			String notification = "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"Message\":"
					+ json(event) + "}";
			sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody(notification));
			TestApplications.awaitProperty(context, "it.password", "pw-3");
		}
	}

	@Test
	void burstOfEventsIsCoalescedIntoOneRefresh() throws InterruptedException {
		try (ConfigurableApplicationContext context = run("--secret-resolver.events.coalesce-delay=3s")) {
			ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-9").type(ParameterType.STRING)
				.overwrite(true));
			AwsCallCounter.reset();
			String body = "{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\",\"detail\":{\"name\":\""
					+ this.prefix + "/host\"}}";
			for (int batch = 0; batch < 5; batch++) {
				List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10)
					.mapToObj((index) -> SendMessageBatchRequestEntry.builder().id("m" + index).messageBody(body).build())
					.toList();
				sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
			}
			TestApplications.awaitProperty(context, "it.url", "jdbc://db-9/shop");
			Thread.sleep(1000);
			assertThat(AwsCallCounter.count("GetParameters")).isOne();
		}
	}

	@Test
	void floodOfEventsCausesNoRefreshStorm() throws InterruptedException {
		try (ConfigurableApplicationContext context = run("--secret-resolver.events.coalesce-delay=2s")) {
			ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-flood").type(ParameterType.STRING)
				.overwrite(true));
			AwsCallCounter.reset();
			long start = System.nanoTime();
			String related = "{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\",\"detail\":{\"name\":\""
					+ this.prefix + "/host\"}}";
			String unrelated = "{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\",\"detail\":{\"name\":\"/other\"}}";
			for (int batch = 0; batch < 100; batch++) {
				int current = batch;
				List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10)
					.mapToObj((index) -> SendMessageBatchRequestEntry.builder()
						.id("m" + index)
						.messageBody(((current + index) % 2 == 0) ? related : unrelated)
						.build())
					.toList();
				sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
			}
			TestApplications.awaitProperty(context, "it.url", "jdbc://db-flood/shop");
			awaitEmptyQueue();
			long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
			Thread.sleep(2500);
			int refreshes = AwsCallCounter.count("GetParameters");
			System.out.printf("event flood: 1000 messages (500 related) over %d s, %d refreshes (GetParameters calls)%n",
					seconds, refreshes);
			// at most one refresh per coalescing window of 2 s while messages keep arriving
			assertThat(refreshes).isPositive().isLessThanOrEqualTo((int) (seconds / 2) + 2);
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
		}
	}

	@Test
	void malformedAndUnrelatedMessagesAreDroppedWithoutRefreshingOrLeaking(CapturedOutput output)
			throws InterruptedException {
		try (ConfigurableApplicationContext context = run()) {
			AwsCallCounter.reset();
			sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("{not json pw-1"));
			sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("{\"source\":\"aws.s3\"}"));
			sqs.sendMessage((request) -> request.queueUrl(this.queueUrl)
				.messageBody("{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\",\"detail\":{\"name\":\"/unrelated\"}}"));
			awaitEmptyQueue();
			Thread.sleep(1500);
			assertThat(AwsCallCounter.count("GetParameters")).isZero();
			assertThat(AwsCallCounter.count("GetSecretValue")).isZero();
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
		}
		assertThat(output).contains("Ignored an SQS message").doesNotContain("{not json pw-1");
	}

	private void putEvent(String source, String detailType, String detail, String resource) {
		PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
			.source(source)
			.detailType(detailType)
			.detail(detail);
		if (resource != null) {
			entry.resources(resource);
		}
		var response = eventBridge.putEvents((request) -> request.entries(entry.build()));
		assertThat(response.failedEntryCount()).isZero();
	}

	private void awaitEmptyQueue() throws InterruptedException {
		// a liveness bound, not a speed goal: moto serves one request at a time on a shared machine
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes((request) -> request.queueUrl(this.queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.attributes();
			if ("0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
					&& "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("messages were not deleted from the queue");
	}

	private static String json(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private ConfigurableApplicationContext run(String... extraArgs) {
		Map<String, Object> properties = Map.of("it.password",
				"<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>", "it.url",
				"jdbc://<<resolve:ssm:" + this.prefix + "/host>>/shop", "it.other", "<<resolve:ssm:" + this.prefix + "/other>>");
		List<String> args = new java.util.ArrayList<>(List.of(extraArgs));
		args.add("--secret-resolver.refresh.enabled=false");
		args.add("--secret-resolver.events.queue=" + this.queue);
		args.add("--secret-resolver.events.poll-timeout=1s");
		if (args.stream().noneMatch((arg) -> arg.startsWith("--secret-resolver.events.coalesce-delay="))) {
			args.add("--secret-resolver.events.coalesce-delay=200ms");
		}
		return TestApplications.run(properties, args.toArray(String[]::new));
	}

}
