package io.github.secretresolver.autoconfigure;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.events.RefreshCoalescer;
import io.github.secretresolver.refresh.events.RotationEventListener;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Listens to rotation events on the SQS queue named by {@code secret-resolver.events.queue}, with
 * Spring Cloud AWS SQS.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SqsMessageListenerContainer.class)
@ConditionalOnProperty(SecretResolverProperties.PREFIX + ".events.queue")
@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
class RotationEventsConfiguration {

	/**
	 * Not a default candidate: the application's own {@code SqsAsyncClient} (Spring Cloud AWS's)
	 * stays the one injected by type.
	 */
	@Bean(destroyMethod = "close", defaultCandidate = false)
	SqsAsyncClient secretResolverSqsClient(Environment environment, SecretResolverProperties properties) {
		return new SpringCloudAwsClientFactory(SpringCloudAwsSettings.bind(Binder.get(environment)),
				ClientRegistrations.NONE, SecretResolverEnvironmentPostProcessor.resilience(properties))
			.createSqsAsyncClient();
	}

	@Bean(destroyMethod = "close")
	RefreshCoalescer secretResolverRefreshCoalescer(SecretRefresher refresher, SecretResolverProperties properties) {
		return new RefreshCoalescer(refresher, properties.getEvents().getCoalesceDelay());
	}

	@Bean
	SqsMessageListenerContainer<String> secretResolverRotationEventsContainer(
			@Qualifier("secretResolverSqsClient") SqsAsyncClient secretResolverSqsClient,
			RefreshCoalescer secretResolverRefreshCoalescer, SecretResolverProperties properties) {
		return SqsMessageListenerContainer.<String>builder()
			.id("secret-resolver-rotation-events")
			.sqsAsyncClient(secretResolverSqsClient)
			.queueNames(properties.getEvents().getQueue())
			.messageListener(new RotationEventListener(secretResolverRefreshCoalescer))
			.configure((options) -> options.pollTimeout(properties.getEvents().getPollTimeout())
				.listenerShutdownTimeout(properties.getEvents().getPollTimeout().plusSeconds(5)))
			.build();
	}

}
