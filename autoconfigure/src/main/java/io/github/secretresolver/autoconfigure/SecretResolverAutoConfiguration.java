package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.refresh.RefreshScheduler;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.beans.ConfigurationPropertiesRebinder;
import io.github.secretresolver.refresh.beans.RefreshReach;
import io.github.secretresolver.refresh.beans.ValueInjections;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for resolving AWS references and keeping them
 * fresh. The references in the configuration files are resolved earlier, by an environment
 * post-processor; this resolves those in property sources added while the context starts
 * ({@code @PropertySource}, {@code @TestPropertySource}, {@code @DynamicPropertySource}), refreshes
 * values in the background and hands changed values to the beans that use them.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = SecretResolverProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecretResolverProperties.class)
@Import({ SpringCloudContextPropagationConfiguration.class, HikariCredentialsConfiguration.class,
		RotationEventsConfiguration.class, RotationEventsUnavailableConfiguration.class,
		TopicRotationEventsConfiguration.class, TopicRotationEventsUnavailableConfiguration.class,
		SecretResolverMetricsConfiguration.class })
public final class SecretResolverAutoConfiguration {

	@Bean
	static BeanFactoryPostProcessor latePropertySourceReferenceResolver() {
		return new LatePropertySourcesBeanFactoryPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
	SecretRefresher secretRefresher(
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver,
			ConfigurableEnvironment environment, ApplicationEventPublisher eventPublisher,
			SecretResolverProperties properties) {
		Duration circuitBreakerWait = properties.getRefresh().getCircuitBreakerWait();
		return new SecretRefresher((selection) -> resolver.refresh(environment, selection), eventPublisher,
				() -> refreshCircuitBreaker(circuitBreakerWait));
	}

	/**
	 * Return the circuit breaker of refreshes: it opens after three refresh passes in a row failed
	 * for transient reasons.
	 */
	private static CircuitBreaker refreshCircuitBreaker(Duration waitInOpenState) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(3)
			.minimumNumberOfCalls(3)
			.failureRateThreshold(100)
			.waitDurationInOpenState(waitInOpenState)
			.permittedNumberOfCallsInHalfOpenState(1)
			.build();
		return CircuitBreaker.of("secret-resolver-refresh", config);
	}

	@Bean
	static ValueInjections secretResolverValueInjections() {
		return new ValueInjections();
	}

	@Bean
	@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
	ConfigurationPropertiesRebinder secretResolverConfigurationPropertiesRebinder(
			ConfigurableApplicationContext context) {
		return new ConfigurationPropertiesRebinder(context);
	}

	@Bean
	@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
	RefreshReach secretResolverRefreshReach(ConfigurableApplicationContext context, ValueInjections injections,
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver) {
		return new RefreshReach(context, injections, resolver::reachedBy, () -> resolver.states()
			.current()
			.stream()
			.flatMap((state) -> state.properties().stream())
			.collect(Collectors.toSet()));
	}

	@Bean
	@ConditionalOnBean(SecretRefresher.class)
	@ConditionalOnBooleanProperty(name = SecretResolverProperties.PREFIX + ".refresh.enabled", matchIfMissing = true)
	RefreshScheduler secretRefreshScheduler(SecretRefresher refresher,
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver,
			SecretResolverProperties properties) {
		SecretResolverProperties.Refresh refresh = properties.getRefresh();
		return new RefreshScheduler(refresher, resolver.states(), refresh.getParameterStoreInterval(),
				refresh.getSecretsManagerInterval(), refresh.getJitter(), refresh.getInitialBackoff());
	}

}
