package io.github.secretresolver.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.refresh.jdbc.HikariCredentialsUpdater;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Hands refreshed {@code spring.datasource} credentials to the HikariCP pool.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME)
class HikariCredentialsConfiguration {

	@Bean
	HikariCredentialsUpdater hikariCredentialsUpdater(ObjectProvider<DataSource> dataSources, Environment environment,
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME) ResolvedValues resolvedValues) {
		return new HikariCredentialsUpdater(dataSources, environment, resolvedValues);
	}

}
