package io.github.secretresolver.autoconfigure;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.events.RefreshCoalescer;
import io.github.secretresolver.refresh.events.TopicSubscription;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Listens to rotation events from the SNS topic named by {@code secret-resolver.events.topic},
 * through an SQS queue the starter creates for this instance, with Spring Cloud AWS SQS.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(SecretResolverProperties.PREFIX + ".events.topic")
class TopicRotationEventsConfiguration {

	/**
	 * The subscription, when its libraries are present and references were resolved. Nested, so
	 * that the class conditions, which load the classes they find, are only evaluated when a topic
	 * is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SqsMessageListenerContainer.class, SnsClient.class })
	@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
	static class SubscriptionConfiguration {

		/**
		 * Not a default candidate, like the other clients of the starter.
		 */
		@Bean(destroyMethod = "close", defaultCandidate = false)
		SqsAsyncClient secretResolverTopicSqsAsyncClient(Environment environment, SecretResolverProperties properties,
				ObjectProvider<BootstrapClientRegistrations> registrations) {
			return RotationEventsConfiguration.clientFactory(environment, properties, registrations)
				.createSqsAsyncClient();
		}

		@Bean(destroyMethod = "close", defaultCandidate = false)
		SqsClient secretResolverTopicSqsClient(Environment environment, SecretResolverProperties properties,
				ObjectProvider<BootstrapClientRegistrations> registrations) {
			return RotationEventsConfiguration.clientFactory(environment, properties, registrations).createSqsClient();
		}

		/**
		 * Calls the Region of the topic unless {@code spring.cloud.aws.sns.region} says otherwise.
		 */
		@Bean(destroyMethod = "close", defaultCandidate = false)
		SnsClient secretResolverTopicSnsClient(Environment environment, SecretResolverProperties properties,
				ObjectProvider<BootstrapClientRegistrations> registrations) {
			String topic = properties.getEvents().getTopic();
			String region = (topic != null) ? Arn.fromString(topic).region().orElse(null) : null;
			return RotationEventsConfiguration.clientFactory(environment, properties, registrations)
				.createSnsClient(region);
		}

		@Bean(destroyMethod = "close")
		RefreshCoalescer secretResolverTopicRefreshCoalescer(SecretRefresher refresher,
				SecretResolverProperties properties) {
			return new RefreshCoalescer(refresher, properties.getEvents().getCoalesceDelay());
		}

		@Bean
		TopicSubscription secretResolverTopicSubscription(
				@Qualifier("secretResolverTopicSqsAsyncClient") SqsAsyncClient secretResolverTopicSqsAsyncClient,
				@Qualifier("secretResolverTopicSqsClient") SqsClient secretResolverTopicSqsClient,
				@Qualifier("secretResolverTopicSnsClient") SnsClient secretResolverTopicSnsClient,
				@Qualifier("secretResolverTopicRefreshCoalescer") RefreshCoalescer coalescer, Environment environment,
				SecretResolverProperties properties) {
			SecretResolverProperties.Events events = properties.getEvents();
			return new TopicSubscription(secretResolverTopicSqsClient, secretResolverTopicSnsClient, events.getTopic(),
					environment.getProperty("spring.application.name"), events.getOrphanAfter(),
					(queueUrl) -> RotationEventsConfiguration.container("secret-resolver-topic-events",
							secretResolverTopicSqsAsyncClient, queueUrl, coalescer, events));
		}

	}

}
