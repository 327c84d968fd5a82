package io.github.secretresolver.autoconfigure;

import java.time.Clock;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.health.SecretsHealthIndicator;
import io.github.secretresolver.refresh.SecretRefresher;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link SecretsHealthIndicator}.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = SecretResolverAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnEnabledHealthIndicator("secrets")
@ConditionalOnBean(SecretRefresher.class)
public final class SecretsHealthIndicatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "secretsHealthIndicator")
	SecretsHealthIndicator secretsHealthIndicator(
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver,
			SecretRefresher refresher, SecretResolverProperties properties) {
		return new SecretsHealthIndicator(resolver.states(), refresher::isCallingAws,
				properties.getRefresh().getMaxStaleness(),
				Clock.systemUTC());
	}

}
