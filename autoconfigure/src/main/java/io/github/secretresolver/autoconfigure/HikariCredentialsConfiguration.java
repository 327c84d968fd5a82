package io.github.secretresolver.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.jdbc.HikariCredentialsUpdater;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps the HikariCP pool built from {@code spring.datasource} in step with the secrets behind its
 * credentials: refreshed credentials reach the pool, and a pool whose credentials the database
 * rejects refreshes them and tries the new ones (and a rotation's {@code AWSPENDING} ones) at once.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME)
class HikariCredentialsConfiguration {

	/**
	 * Least time between two looks for new credentials after the database rejected some.
	 */
	static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(5);

	@Bean
	HikariCredentialsUpdater hikariCredentialsUpdater(ObjectProvider<DataSource> dataSources,
			ConfigurableEnvironment environment,
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver,
			ObjectProvider<SecretRefresher> refresher) {
		return new HikariCredentialsUpdater(dataSources, environment, resolver, refresher::getIfAvailable,
				RECOVERY_INTERVAL);
	}

	@Bean
	static BeanPostProcessor hikariRejectedCredentialsRecovery(ObjectProvider<HikariCredentialsUpdater> updater) {
		return new RejectedCredentialsRecoveryPostProcessor(updater);
	}

	/**
	 * Gives each HikariCP pool the chance to recover from rejected credentials before it starts,
	 * once Spring Boot has bound its {@code spring.datasource.hikari.*} settings.
	 */
	static final class RejectedCredentialsRecoveryPostProcessor implements BeanPostProcessor, Ordered {

		private final ObjectProvider<HikariCredentialsUpdater> updater;

		RejectedCredentialsRecoveryPostProcessor(ObjectProvider<HikariCredentialsUpdater> updater) {
			this.updater = updater;
		}

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			if (bean instanceof HikariDataSource dataSource) {
				HikariCredentialsUpdater updater = this.updater.getIfAvailable();
				if (updater != null) {
					updater.recoverRejectedCredentials(dataSource);
				}
			}
			return bean;
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
