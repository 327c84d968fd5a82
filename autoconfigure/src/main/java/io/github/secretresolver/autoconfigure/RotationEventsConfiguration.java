package io.github.secretresolver.autoconfigure;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.events.RefreshCoalescer;
import io.github.secretresolver.refresh.events.RotationEventListener;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
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
	SqsAsyncClient secretResolverSqsClient(Environment environment, SecretResolverProperties properties,
			ObjectProvider<BootstrapClientRegistrations> registrations) {
		return clientFactory(environment, properties, registrations).createSqsAsyncClient();
	}

	/**
	 * Return a factory of the clients of rotation events: configured as the clients that resolve
	 * references, from the settings the environment has now and the bootstrap registrations.
	 */
	static SpringCloudAwsClientFactory clientFactory(Environment environment, SecretResolverProperties properties,
			ObjectProvider<BootstrapClientRegistrations> registrations) {
		return new SpringCloudAwsClientFactory(SpringCloudAwsSettings.bind(Binder.get(environment)),
				BootstrapClientRegistrations.of(registrations), SecretResolverEnvironmentPostProcessor.resilience(properties));
	}

	@Bean(destroyMethod = "close")
	RefreshCoalescer secretResolverRefreshCoalescer(SecretRefresher refresher, SecretResolverProperties properties) {
		return new RefreshCoalescer(refresher, properties.getEvents().getCoalesceDelay());
	}

	@Bean
	SqsMessageListenerContainer<String> secretResolverRotationEventsContainer(
			@Qualifier("secretResolverSqsClient") SqsAsyncClient secretResolverSqsClient,
			RefreshCoalescer secretResolverRefreshCoalescer, SecretResolverProperties properties) {
		return container("secret-resolver-rotation-events", secretResolverSqsClient, properties.getEvents().getQueue(),
				secretResolverRefreshCoalescer, properties.getEvents());
	}

	/**
	 * Create the listener container of a rotation events queue.
	 * @param id the container id
	 * @param client the SQS client
	 * @param queue the name or URL of the queue
	 * @param coalescer receives the events
	 * @param events the event settings
	 * @return the container, not started
	 */
	static SqsMessageListenerContainer<String> container(String id, SqsAsyncClient client, String queue,
			RefreshCoalescer coalescer, SecretResolverProperties.Events events) {
		return SqsMessageListenerContainer.<String>builder()
			.id(id)
			.sqsAsyncClient(client)
			.queueNames(queue)
			.messageListener(new RotationEventListener(coalescer))
			.configure((options) -> options.pollTimeout(events.getPollTimeout())
				.listenerShutdownTimeout(events.getPollTimeout().plusSeconds(5)))
			.build();
	}

}
