package io.github.secretresolver.refresh.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import com.zaxxer.hikari.util.DriverDataSource;
import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import io.github.secretresolver.refresh.SecretRefresher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps the credentials of the HikariCP pool built from {@code spring.datasource.*} in step with
 * the secrets behind {@code spring.datasource.username} and {@code spring.datasource.password}.
 * <ul>
 * <li>When a refresh changes them, the pool gets both at once: connections opened from then on use
 * the new credentials, connections in use are left alone and retire as the pool's
 * {@code maxLifetime} expires.</li>
 * <li>When the database rejects the credentials of a connection attempt (a rotation happened
 * between two refreshes, without an event), the references behind them are refreshed at once and
 * the new credentials tried in the same attempt; while a Secrets Manager rotation is in progress,
 * the credentials it staged as {@code AWSPENDING} are tried too. The pool settles on whichever the
 * database accepts. AWS is asked at most once per recovery interval, however many attempts
 * fail.</li>
 * </ul>
 * Pools built otherwise ({@code dataSourceClassName}, a data source or JNDI name of their own, a
 * credentials provider, other credentials than {@code spring.datasource}'s) are left alone, and so
 * are pools whose credentials hold no reference.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class HikariCredentialsUpdater implements ApplicationListener<SecretsRefreshedEvent> {

	private static final Log logger = LogFactory.getLog(HikariCredentialsUpdater.class);

	static final String URL = "spring.datasource.url";

	static final String USERNAME = "spring.datasource.username";

	static final String PASSWORD = "spring.datasource.password";

	static final String PENDING_STAGE = "AWSPENDING";

	private static final List<String> CREDENTIALS = List.of(USERNAME, PASSWORD);

	private final ObjectProvider<DataSource> dataSources;

	private final ConfigurableEnvironment environment;

	private final ReferenceResolver resolver;

	private final ResolvedValues resolvedValues;

	private final Supplier<@Nullable SecretRefresher> refresher;

	private final CredentialsRecovery recovery;

	/**
	 * Create a new instance.
	 * @param dataSources the application's data sources
	 * @param environment the environment that serves the credentials
	 * @param resolver the engine that knows the references behind the credentials
	 * @param refresher refreshes references on demand, if there is a refresher
	 * @param recoveryInterval the least time between two looks for new credentials after the
	 * database rejected some
	 */
	public HikariCredentialsUpdater(ObjectProvider<DataSource> dataSources, ConfigurableEnvironment environment,
			ReferenceResolver resolver, Supplier<@Nullable SecretRefresher> refresher, Duration recoveryInterval) {
		this.dataSources = dataSources;
		this.environment = environment;
		this.resolver = resolver;
		this.resolvedValues = resolver.resolvedValues();
		this.refresher = refresher;
		this.recovery = new CredentialsRecovery(this::refreshCredentials, this::currentCredentials,
				this::pendingCredentials, recoveryInterval, System::nanoTime);
	}

	@Override
	public void onApplicationEvent(SecretsRefreshedEvent event) {
		if (!event.getChangedProperties().contains(USERNAME) && !event.getChangedProperties().contains(PASSWORD)) {
			return;
		}
		this.dataSources.orderedStream().forEach(this::update);
	}

	/**
	 * Let a pool that has not started yet recover from rejected credentials, if it is built from
	 * {@code spring.datasource.*} with a JDBC URL and its credentials hold references: the pool
	 * then opens its connections from HikariCP's own driver data source, wrapped to try newer
	 * credentials when the database rejects those in use.
	 * @param dataSource the pool, configured but not started
	 * @return whether the pool recovers from rejected credentials
	 */
	public boolean recoverRejectedCredentials(HikariDataSource dataSource) {
		if (dataSource.getHikariPoolMXBean() != null || dataSource.isClosed() || dataSource.getJdbcUrl() == null
				|| dataSource.getDataSource() != null || dataSource.getDataSourceClassName() != null
				|| dataSource.getDataSourceJNDI() != null || dataSource.getCredentialsProvider() != null
				|| !isBuiltFromSpringDatasource(dataSource) || !usesSpringDatasourceCredentials(dataSource)
				|| this.resolver.referencesBehind(CREDENTIALS).isEmpty()) {
			return false;
		}
		dataSource.setDataSource(new CredentialRecoveringDataSource(() -> driverDataSource(dataSource), this.recovery,
				(credentials) -> settle(dataSource, credentials), dataSource::getPoolName));
		return true;
	}

	private static DataSource driverDataSource(HikariDataSource dataSource) {
		Credentials credentials = dataSource.getCredentials();
		return new DriverDataSource(dataSource.getJdbcUrl(), dataSource.getDriverClassName(),
				dataSource.getDataSourceProperties(), credentials.getUsername(), credentials.getPassword());
	}

	private static void settle(HikariDataSource dataSource, DatabaseCredentials credentials) {
		if (!credentials.equals(DatabaseCredentials.of(dataSource.getCredentials()))) {
			dataSource.getHikariConfigMXBean().setCredentials(credentials.toHikari());
		}
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

	private void refreshCredentials() {
		SecretRefresher refresher = this.refresher.get();
		if (refresher != null) {
			Set<SecretReference> references = this.resolver.referencesBehind(CREDENTIALS);
			refresher.refresh(references::contains);
		}
	}

	private @Nullable DatabaseCredentials currentCredentials() {
		return this.resolvedValues.readConsistently(() -> new DatabaseCredentials(
				this.environment.getProperty(USERNAME), this.environment.getProperty(PASSWORD)));
	}

	private Optional<DatabaseCredentials> pendingCredentials() {
		SecretRefresher refresher = this.refresher.get();
		if (refresher != null && !refresher.isCallingAws()) {
			return Optional.empty();
		}
		return this.resolver.readWithAlternatives(this.environment, CREDENTIALS, HikariCredentialsUpdater::pending)
			.map((values) -> new DatabaseCredentials(values.get(USERNAME), values.get(PASSWORD)));
	}

	/**
	 * Return the reference to the version a rotation in progress has staged, for a Secrets Manager
	 * reference that reads the current version; any other reference is kept.
	 */
	static SecretReference pending(SecretReference reference) {
		return (reference instanceof SecretsManagerReference secret && !secret.isVersionPinned())
				? new SecretsManagerReference(secret.secretId(), secret.jsonKey(), PENDING_STAGE, null) : reference;
	}

	/**
	 * Return whether a pool connects to {@code spring.datasource.url}: other pools have credentials
	 * of their own.
	 */
	private boolean isBuiltFromSpringDatasource(HikariDataSource hikari) {
		String url = this.environment.getProperty(URL);
		return url == null || url.equals(hikari.getJdbcUrl());
	}

	private boolean usesSpringDatasourceCredentials(HikariDataSource hikari) {
		DatabaseCredentials current = currentCredentials();
		return current != null && current.username() != null
				&& current.equals(DatabaseCredentials.of(hikari.getCredentials()));
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

	@Override
	public String toString() {
		return "HikariCredentialsUpdater[" + this.recovery + "]";
	}

}
