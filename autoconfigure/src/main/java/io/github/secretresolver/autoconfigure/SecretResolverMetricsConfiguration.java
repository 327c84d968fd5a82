package io.github.secretresolver.autoconfigure;

import java.time.Clock;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.metrics.SecretResolverMetrics;
import io.github.secretresolver.refresh.SecretRefresher;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link SecretResolverMetrics} when Micrometer is on the class path; Spring Boot binds
 * it to the application's meter registries.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
class SecretResolverMetricsConfiguration {

	@Bean
	SecretResolverMetrics secretResolverMetrics(
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver,
			SecretRefresher refresher) {
		return new SecretResolverMetrics(resolver.states(), refresher, Clock.systemUTC());
	}

}
