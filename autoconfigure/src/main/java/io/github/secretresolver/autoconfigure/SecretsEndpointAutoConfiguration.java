package io.github.secretresolver.autoconfigure;

import java.time.Clock;

import io.github.secretresolver.actuate.endpoint.SecretsEndpoint;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.refresh.RefreshScheduler;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.beans.RefreshReach;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link SecretsEndpoint}.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = SecretResolverAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(SecretsEndpoint.class)
@ConditionalOnBean(SecretRefresher.class)
public final class SecretsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SecretsEndpoint secretsEndpoint(
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver,
			SecretRefresher refresher, ObjectProvider<RefreshScheduler> scheduler, ObjectProvider<RefreshReach> reach,
			SecretResolverProperties properties) {
		return new SecretsEndpoint(resolver.states(), refresher, scheduler.getIfAvailable(), reach.getIfAvailable(),
				properties.getRefresh().getMaxStaleness(), Clock.systemUTC());
	}

}
