package io.github.secretresolver.refresh.jdbc;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.SecretsRefreshedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Gives the HikariCP pool built from {@code spring.datasource.*} the new
 * {@code spring.datasource.username} and {@code spring.datasource.password} when a refresh changes
 * them, both at once: connections opened from then on use the new credentials, connections in use
 * are left alone and retire as the pool's {@code maxLifetime} expires.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class HikariCredentialsUpdater implements ApplicationListener<SecretsRefreshedEvent> {

	private static final Log logger = LogFactory.getLog(HikariCredentialsUpdater.class);

	static final String URL = "spring.datasource.url";

	static final String USERNAME = "spring.datasource.username";

	static final String PASSWORD = "spring.datasource.password";

	private final ObjectProvider<DataSource> dataSources;

	private final Environment environment;

	private final ResolvedValues resolvedValues;

	/**
	 * Create a new instance.
	 * @param dataSources the application's data sources
	 * @param environment the environment that serves the new credentials
	 * @param resolvedValues reads the user name and password from one resolution
	 */
	public HikariCredentialsUpdater(ObjectProvider<DataSource> dataSources, Environment environment,
			ResolvedValues resolvedValues) {
		this.dataSources = dataSources;
		this.environment = environment;
		this.resolvedValues = resolvedValues;
	}

	@Override
	public void onApplicationEvent(SecretsRefreshedEvent event) {
		if (!event.getChangedProperties().contains(USERNAME) && !event.getChangedProperties().contains(PASSWORD)) {
			return;
		}
		this.dataSources.orderedStream().forEach(this::update);
	}

	private void update(DataSource dataSource) {
		HikariDataSource hikari = unwrap(dataSource);
		if (hikari == null || !isBuiltFromSpringDatasource(hikari)) {
			return;
		}
		Credentials credentials = this.resolvedValues.readConsistently(
				() -> Credentials.of(this.environment.getProperty(USERNAME, hikari.getUsername()),
						this.environment.getProperty(PASSWORD, hikari.getPassword())));
		hikari.getHikariConfigMXBean().setCredentials(credentials);
		logger.info("Updated the credentials of connection pool '" + hikari.getPoolName() + "' for new connections");
	}

	/**
	 * Return whether a pool connects to {@code spring.datasource.url}: other pools have credentials
	 * of their own.
	 */
	private boolean isBuiltFromSpringDatasource(HikariDataSource hikari) {
		String url = this.environment.getProperty(URL);
		return url == null || url.equals(hikari.getJdbcUrl());
	}

	private static @Nullable HikariDataSource unwrap(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
