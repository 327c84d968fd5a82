package io.github.secretresolver.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Gives the HikariCP pool built from {@code spring.datasource.*} the new
 * {@code spring.datasource.username} and
 * {@code spring.datasource.password} when a refresh changes them, both at once: connections opened
 * from then on use the new credentials, connections in use are left alone and retire as the pool's
 * {@code maxLifetime} expires.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME)
class HikariCredentialsConfiguration {

	private static final Log logger = LogFactory.getLog(HikariCredentialsConfiguration.class);

	static final String USERNAME = "spring.datasource.username";

	static final String PASSWORD = "spring.datasource.password";

	@Bean
	ApplicationListener<SecretsRefreshedEvent> hikariCredentialsUpdater(ObjectProvider<DataSource> dataSources,
			Environment environment,
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME) ResolvedValues resolvedValues) {
		return (event) -> {
			if (!event.getChangedProperties().contains(USERNAME) && !event.getChangedProperties().contains(PASSWORD)) {
				return;
			}
			dataSources.orderedStream().forEach((dataSource) -> update(dataSource, environment, resolvedValues));
		};
	}

	private static void update(DataSource dataSource, Environment environment, ResolvedValues resolvedValues) {
		HikariDataSource hikari = unwrap(dataSource);
		if (hikari == null || !isBuiltFromSpringDatasource(hikari, environment)) {
			return;
		}
		Credentials credentials = resolvedValues.readConsistently(() -> Credentials
			.of(environment.getProperty(USERNAME, hikari.getUsername()), environment.getProperty(PASSWORD, hikari.getPassword())));
		hikari.getHikariConfigMXBean().setCredentials(credentials);
		logger.info("Updated the credentials of connection pool '" + hikari.getPoolName()
				+ "' for new connections");
	}

	/**
	 * Return whether a pool connects to {@code spring.datasource.url}: other pools have credentials
	 * of their own.
	 */
	private static boolean isBuiltFromSpringDatasource(HikariDataSource hikari, Environment environment) {
		String url = environment.getProperty("spring.datasource.url");
		return url == null || url.equals(hikari.getJdbcUrl());
	}

	private static HikariDataSource unwrap(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (java.sql.SQLException ex) {
			return null;
		}
	}

}
