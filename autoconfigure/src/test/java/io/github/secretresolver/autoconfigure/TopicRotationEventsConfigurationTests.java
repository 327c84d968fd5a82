package io.github.secretresolver.autoconfigure;


import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.github.secretresolver.refresh.events.TopicSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of rotation events from an SNS topic ({@code secret-resolver.events.topic}),
 * without AWS: the endpoint refuses connections, which the subscription treats as transient.
 */
@ExtendWith(OutputCaptureExtension.class)
class TopicRotationEventsConfigurationTests {

	private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:secret-changes";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecretResolverAutoConfiguration.class))
		.withPropertyValues("spring.cloud.aws.endpoint=http://127.0.0.1:1", "spring.cloud.aws.region.static=us-east-1",
				"spring.cloud.aws.credentials.access-key=test", "spring.cloud.aws.credentials.secret-key=test",
				"secret-resolver.attempt-timeout=1s");

	@Test
	void runWithTopicSubscribesWithoutFailingWhenAwsIsUnreachable(CapturedOutput output) {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(TopicSubscription.class)
					.doesNotHaveBean(SqsMessageListenerContainer.class);
				assertThat(context.getBean(TopicSubscription.class).getQueueName()).isNull();
				assertThat(output).contains("Could not subscribe to the rotation events of topic " + TOPIC)
					.contains("trying again every 100 s");
			});
	}

	@Test
	void runWithoutTopicHasNoSubscription() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TopicSubscription.class));
	}

	@Test
	void runWithoutResolvedReferencesHasNoSubscription() {
		this.contextRunner.withPropertyValues("secret-resolver.events.topic=" + TOPIC)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TopicSubscription.class));
	}

	@Test
	void runWithQueueAndTopicFails() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC, "secret-resolver.events.queue=events")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MutuallyExclusiveConfigurationPropertiesException.class)
				.hasMessageContaining("secret-resolver.events.queue")
				.hasMessageContaining("secret-resolver.events.topic"));
	}

	@Test
	void runWithQueueAndTopicFailsEvenWithoutTheLibrariesThatReceiveEvents() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SqsMessageListenerContainer.class, SnsClient.class))
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC, "secret-resolver.events.queue=events")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MutuallyExclusiveConfigurationPropertiesException.class));
	}

	@Test
	void runWithSomethingElseThanATopicArnFails() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.events.topic=secret-changes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("secret-resolver.events.topic"));
	}

	@Test
	void runWithFifoTopicFails() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC + ".fifo")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("standard (not FIFO)"));
	}

	@Test
	void runWithTooShortOrphanLimitFails() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC, "secret-resolver.events.orphan-after=2s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("secret-resolver.events.orphan-after"));
	}

	@Test
	void runWithTopicWithoutSnsWarns(CapturedOutput output) {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withClassLoader(new FilteredClassLoader(SnsClient.class))
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TopicSubscription.class);
				assertThat(output).contains("secret-resolver.events.topic is set, but no rotation event will be "
						+ "received: add software.amazon.awssdk:sns to the application");
			});
	}

	@Test
	void runWithTopicWithoutSpringCloudAwsSqsWarns(CapturedOutput output) {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withClassLoader(new FilteredClassLoader(SqsMessageListenerContainer.class, SnsClient.class))
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TopicSubscription.class);
				assertThat(output).contains("add io.awspring.cloud:spring-cloud-aws-sqs and software.amazon.awssdk:sns "
						+ "to the application");
			});
	}

	@Test
	void runWithTopicAndEverythingPresentDoesNotWarn(CapturedOutput output) {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.events.topic=" + TOPIC)
			.run((context) -> assertThat(output).doesNotContain("no rotation event will be received"));
	}

}
