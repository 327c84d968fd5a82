package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.github.secretresolver.refresh.events.TopicSubscription;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import io.github.secretresolver.testsupport.FailingCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation events from an SNS topic (secret-resolver.events.topic), against moto: a fleet of
 * applications in one JVM, each with the queue the starter creates for it, receives one event
 * published to the topic; the queues and subscriptions are gone after shutdown, and those of an
 * application that stopped without cleaning up are removed by another.
 * <p>
 * moto emits no EventBridge events and cannot target SNS from EventBridge, so the test publishes
 * the EventBridge-shaped event to the topic itself. Times are measured and printed; the liveness
 * bounds are generous because moto serves one request at a time on a shared machine: the 2 s
 * fan-out figure is reported, not asserted.
 */
class TopicRotationEventIT {

	private static final int FLEET_SIZE = 20;

	private static final Duration LIVENESS = Duration.ofSeconds(90);

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static SqsClient sqs;

	private static SnsClient sns;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String prefix;

	private String secret;

	private String application;

	private String topicArn;

	@BeforeAll
	static void createClients() {
		sqs = AwsTestEnvironment.configure(SqsClient.builder()).build();
		sns = AwsTestEnvironment.configure(SnsClient.builder()).build();
	}

	@AfterAll
	static void closeClients() {
		ssm.close();
		secretsManager.close();
		sqs.close();
		sns.close();
	}

	@BeforeEach
	void createReferencesAndTopic() {
		this.prefix = AwsTestEnvironment.uniquePrefix();
		String unique = this.prefix.substring(4);
		this.secret = "it" + unique + "/topic";
		this.application = "fleet-" + unique;
		ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-1").type(ParameterType.STRING));
		ssm.putParameter((request) -> request.name(this.prefix + "/other").value("o-1").type(ParameterType.STRING));
		secretsManager.createSecret((request) -> request.name(this.secret).secretString("{\"password\":\"pw-1\"}"));
		this.topicArn = sns.createTopic((request) -> request.name("secret-changes-" + unique)).topicArn();
	}

	@AfterEach
	void closeContextsAndDeleteTopic() {
		FailingCalls.reset();
		try {
			closeAll(this.contexts);
		}
		finally {
			sns.deleteTopic((request) -> request.topicArn(this.topicArn));
		}
	}

	@Test
	void oneEventPublishedToTheTopicReachesEveryInstanceAndNothingIsLeftAfterShutdown() throws Exception {
		AwsCallCounter.reset();
		startFleet(FLEET_SIZE);
		System.out.println("AWS calls while " + FLEET_SIZE + " instances started: " + AwsCallCounter.snapshot());
		List<String> queues = this.contexts.stream()
			.map((context) -> context.getBean(TopicSubscription.class).getQueueName())
			.toList();
		assertThat(queues).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(queues).allSatisfy((queue) -> assertThat(queue).hasSizeLessThanOrEqualTo(80)
			.matches("secret-resolver-" + this.application + "-[0-9a-f]{16}"));
		assertThat(queuesOfTheApplication()).containsExactlyInAnyOrderElementsOf(queues);
		List<Subscription> subscriptions = subscriptions();
		assertThat(subscriptions).hasSize(FLEET_SIZE);
		assertThat(subscriptions).allSatisfy((subscription) -> assertThat(sns
			.getSubscriptionAttributes((request) -> request.subscriptionArn(subscription.subscriptionArn()))
			.attributes()).containsEntry("RawMessageDelivery", "true"));

		ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-2").type(ParameterType.STRING)
			.overwrite(true));
		// changed too, but not named by the event: must not be fetched
		ssm.putParameter((request) -> request.name(this.prefix + "/other").value("o-2").type(ParameterType.STRING)
			.overwrite(true));
		secretsManager
			.putSecretValue((request) -> request.secretId(this.secret).secretString("{\"password\":\"pw-2\"}"));
		AwsCallCounter.reset();
		long published = System.nanoTime();
		sns.publish((request) -> request.topicArn(this.topicArn).message(parameterStoreChange(this.prefix + "/host")));
		long[] latencies = awaitEveryContext("it.url", "jdbc://db-2/shop", published);
		Arrays.sort(latencies);
		System.out.printf("topic fan-out to %d instances (coalesce-delay 1 s included): min %d ms, median %d ms, "
				+ "p90 %d ms, max %d ms; within 2 s: %d of %d%n", FLEET_SIZE, latencies[0],
				latencies[latencies.length / 2], latencies[(int) (latencies.length * 0.9) - 1],
				latencies[latencies.length - 1], Arrays.stream(latencies).filter((latency) -> latency <= 2000).count(),
				FLEET_SIZE);
		// a later refresh, if any, would have happened within the coalescing window
		Thread.sleep(2500);
		System.out.println("AWS calls after the publish: " + AwsCallCounter.snapshot());
		assertThat(AwsCallCounter.count("GetParameters")).isEqualTo(FLEET_SIZE);
		assertThat(AwsCallCounter.count("GetParameter")).isZero();
		assertThat(AwsCallCounter.count("GetSecretValue") + AwsCallCounter.count("BatchGetSecretValue")).isZero();
		assertThat(this.contexts).allSatisfy((context) -> {
			assertThat(context.getEnvironment().getProperty("it.other")).isEqualTo("o-1");
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
		});

		AwsCallCounter.reset();
		closeAll(this.contexts);
		System.out.println("AWS calls while " + FLEET_SIZE + " instances stopped: " + AwsCallCounter.snapshot());
		assertThat(queuesOfTheApplication()).isEmpty();
		assertThat(queuesOfTheTopic()).isEmpty();
		assertThat(subscriptions()).isEmpty();
	}

	@Test
	void queueOfAnInstanceKilledWithoutShutdownIsRemovedByAnotherWithinTheLimit() throws Exception {
		Duration orphanAfter = Duration.ofSeconds(6);
		ConfigurableApplicationContext survivor = start("--secret-resolver.events.orphan-after=6s");
		ConfigurableApplicationContext killed = start("--secret-resolver.events.orphan-after=6s");
		String killedQueue = killed.getBean(TopicSubscription.class).getQueueName();
		String killedQueueUrl = sqs.getQueueUrl((request) -> request.queueName(killedQueue)).queueUrl();
		// not ours to delete: a stale queue of another topic, and a queue not created by the starter
		String unique = this.prefix.substring(4);
		String otherTopicQueue = sqs.createQueue((request) -> request.queueName("secret-resolver-other-" + unique)
			.tags(Map.of("secret-resolver:managed", "true", "secret-resolver:topic", this.topicArn + "-other",
					"secret-resolver:heartbeat", "1000")))
			.queueUrl();
		String unmanagedQueue = sqs.createQueue((request) -> request.queueName("secret-resolver-mine-" + unique))
			.queueUrl();

		// killed: its heartbeat stops with the context, and its cleanup calls fail
		FailingCalls.fail("Unsubscribe", "DeleteQueue");
		killed.close();
		this.contexts.remove(killed);
		FailingCalls.reset();
		assertThat(queuesOfTheTopic()).contains(killedQueue);
		assertThat(subscriptions()).hasSize(2);
		Instant lastHeartbeat = Instant.ofEpochSecond(Long.parseLong(sqs
			.listQueueTags((request) -> request.queueUrl(killedQueueUrl))
			.tags()
			.get("secret-resolver:heartbeat")));

		await(() -> !queuesOfTheTopic().contains(killedQueue) && subscriptions().size() == 1,
				"the killed queue's removal");
		Instant removed = Instant.now();
		Duration sinceHeartbeat = Duration.between(lastHeartbeat, removed);
		System.out.printf("killed instance's queue and subscription removed %d ms after its last heartbeat "
				+ "(documented limit: orphan-after %d s + heartbeat interval %d s)%n", sinceHeartbeat.toMillis(),
				orphanAfter.toSeconds(), orphanAfter.dividedBy(3).toSeconds());
		// never before its heartbeat was older than the limit
		assertThat(sinceHeartbeat).isGreaterThan(orphanAfter);
		assertThat(queueExists(otherTopicQueue)).isTrue();
		assertThat(queueExists(unmanagedQueue)).isTrue();
		sqs.deleteQueue((request) -> request.queueUrl(otherTopicQueue));
		sqs.deleteQueue((request) -> request.queueUrl(unmanagedQueue));

		// the survivor's own queue is alive and still receives events
		assertThat(queuesOfTheTopic()).containsExactly(survivor.getBean(TopicSubscription.class).getQueueName());
		ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-3").type(ParameterType.STRING)
			.overwrite(true));
		sns.publish((request) -> request.topicArn(this.topicArn).message(parameterStoreChange(this.prefix + "/host")));
		TestApplications.awaitProperty(survivor, "it.url", "jdbc://db-3/shop");

		closeAll(this.contexts);
		assertThat(queuesOfTheTopic()).isEmpty();
		assertThat(subscriptions()).isEmpty();
	}

	@Test
	void queueDeletedUnderARunningInstanceIsReplaced() throws Exception {
		ConfigurableApplicationContext context = start("--secret-resolver.events.orphan-after=6s");
		TopicSubscription subscription = context.getBean(TopicSubscription.class);
		String first = subscription.getQueueName();
		sqs.deleteQueue((request) -> request.queueUrl(sqs.getQueueUrl((url) -> url.queueName(first)).queueUrl()));

		await(() -> subscription.getQueueName() != null && !first.equals(subscription.getQueueName()),
				"a new queue");
		assertThat(queuesOfTheTopic()).containsExactly(subscription.getQueueName());
		assertThat(subscriptions()).hasSize(1);
		ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-4").type(ParameterType.STRING)
			.overwrite(true));
		sns.publish((request) -> request.topicArn(this.topicArn).message(parameterStoreChange(this.prefix + "/host")));
		TestApplications.awaitProperty(context, "it.url", "jdbc://db-4/shop");
	}

	private void startFleet(int size) {
		// one after the other: Spring Boot's logging initialisation is not meant for applications
		// starting concurrently in one JVM
		for (int i = 0; i < size; i++) {
			start();
		}
	}

	private ConfigurableApplicationContext start(String... extraArgs) {
		Map<String, Object> properties = Map.of("it.password",
				"<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>", "it.url",
				"jdbc://<<resolve:ssm:" + this.prefix + "/host>>/shop", "it.other",
				"<<resolve:ssm:" + this.prefix + "/other>>");
		List<String> args = new ArrayList<>(List.of(extraArgs));
		args.add("--spring.application.name=" + this.application);
		args.add("--secret-resolver.refresh.enabled=false");
		args.add("--secret-resolver.events.topic=" + this.topicArn);
		args.add("--secret-resolver.events.poll-timeout=1s");
		ConfigurableApplicationContext context = TestApplications.run(properties, args.toArray(String[]::new));
		this.contexts.add(context);
		return context;
	}

	private long[] awaitEveryContext(String name, String expected, long since) throws InterruptedException {
		Map<ConfigurableApplicationContext, Long> seen = new HashMap<>();
		long deadline = System.nanoTime() + LIVENESS.toNanos();
		while (seen.size() < this.contexts.size() && System.nanoTime() < deadline) {
			for (ConfigurableApplicationContext context : this.contexts) {
				if (!seen.containsKey(context) && expected.equals(context.getEnvironment().getProperty(name))) {
					seen.put(context, Duration.ofNanos(System.nanoTime() - since).toMillis());
				}
			}
			Thread.sleep(5);
		}
		assertThat(seen).as("instances that received the event").hasSize(this.contexts.size());
		return seen.values().stream().mapToLong(Long::longValue).toArray();
	}

	private static void await(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + LIVENESS.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private static void closeAll(List<ConfigurableApplicationContext> contexts) {
		List<ConfigurableApplicationContext> open = List.copyOf(contexts);
		contexts.clear();
		RuntimeException failure = null;
		for (ConfigurableApplicationContext context : open) {
			try {
				context.close();
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private List<String> queuesOfTheApplication() {
		return sqs.listQueues((request) -> request.queueNamePrefix("secret-resolver-" + this.application))
			.queueUrls()
			.stream()
			.map((url) -> url.substring(url.lastIndexOf('/') + 1))
			.toList();
	}

	private List<String> queuesOfTheTopic() {
		return sqs.listQueues((request) -> request.queueNamePrefix("secret-resolver-"))
			.queueUrls()
			.stream()
			.filter((url) -> {
				try {
					return this.topicArn.equals(sqs.listQueueTags((request) -> request.queueUrl(url))
						.tags()
						.get("secret-resolver:topic"));
				}
				catch (QueueDoesNotExistException ex) {
					return false;
				}
			})
			.map((url) -> url.substring(url.lastIndexOf('/') + 1))
			.toList();
	}

	private List<Subscription> subscriptions() {
		return sns.listSubscriptionsByTopicPaginator((request) -> request.topicArn(this.topicArn))
			.subscriptions()
			.stream()
			.toList();
	}

	private static boolean queueExists(String url) {
		try {
			sqs.getQueueAttributes((request) -> request.queueUrl(url));
			return true;
		}
		catch (QueueDoesNotExistException ex) {
			return false;
		}
	}

	private static String parameterStoreChange(String name) {
		return "{\"version\":\"0\",\"id\":\"0c5e3c3a-0000-4000-8000-000000000001\","
				+ "\"detail-type\":\"Parameter Store Change\","
				+ "\"source\":\"aws.ssm\",\"account\":\"123456789012\",\"time\":\"2026-09-01T10:15:00Z\","
				+ "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ssm:us-east-1:123456789012:parameter" + name
				+ "\"],\"detail\":{\"operation\":\"Update\",\"name\":\"" + name + "\",\"type\":\"String\"}}";
	}

}
