package io.github.secretresolver.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import io.github.secretresolver.testsupport.CountingDriver;
import io.github.secretresolver.testsupport.SecretRotations;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rotates a database password (H2's {@code ALTER USER}) and the secret that holds it, and checks
 * that the application's HikariCP pool opens new connections with the new password while a
 * connection opened before keeps working: after a refresh, after a rotation no refresh saw (the
 * rejected connection attempt brings the new password in), and while a rotation has staged the
 * new password as {@code AWSPENDING} only. Runs without PostgreSQL; see
 * {@link PostgresCredentialRotationIT} for the same against a real server under load.
 */
class HikariCredentialRotationIT {

	@Test
	void rotatedDatabasePasswordReachesNewConnectionsWithoutBreakingConnectionsInUse() throws SQLException {
		String url = url();
		String secret = secretName();
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials("db-pw-1")));
			try (ConfigurableApplicationContext context = run(url, secret, Map.of())) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				try (Connection inUse = dataSource.getConnection()) {
					execute(inUse, "ALTER USER APP SET PASSWORD 'db-pw-2'");
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> DriverManager.getConnection(url, "app", "db-pw-1").close());
					secretsManager
						.putSecretValue((request) -> request.secretId(secret).secretString(credentials("db-pw-2")));
					RefreshResult result = context.getBean(SecretRefresher.class).refreshAll();
					assertThat(result.changedProperties()).containsExactly("spring.datasource.password");
					try (Connection fresh = dataSource.getConnection()) {
						assertThat(fresh).isNotSameAs(inUse);
						execute(fresh, "SELECT 1");
					}
					execute(inUse, "SELECT 1");
				}
			}
		}
	}

	@Test
	void rotationThatNoRefreshSawCostsOneRejectedConnectionAttempt() throws SQLException {
		String url = url();
		String secret = secretName();
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials("db-pw-1")));
			try (ConfigurableApplicationContext context = run(url, secret, countingDriver())) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				CountingDriver.Counts counts = CountingDriver.counts(url, "app");
				try (Connection inUse = dataSource.getConnection()) {
					secretsManager
						.putSecretValue((request) -> request.secretId(secret).secretString(credentials("db-pw-2")));
					execute(inUse, "ALTER USER APP SET PASSWORD 'db-pw-2'");
					try (Connection fresh = dataSource.getConnection()) {
						execute(fresh, "SELECT 1");
					}
					execute(inUse, "SELECT 1");
				}
				assertThat(counts.rejected()).isOne();
				assertThat(counts.acceptedWith("db-pw-2")).isOne();
				assertThat("db-pw-2".equals(dataSource.getPassword())).isTrue();
			}
		}
	}

	@Test
	void pendingPasswordIsUsedWhileTheRotationIsInProgressAndKeptWhenItFinishes() throws SQLException {
		String url = url();
		String secret = secretName();
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			String current = secretsManager
				.createSecret((request) -> request.name(secret).secretString(credentials("db-pw-1")))
				.versionId();
			try (ConfigurableApplicationContext context = run(url, secret, countingDriver())) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				CountingDriver.Counts counts = CountingDriver.counts(url, "app");
				String pending = UUID.randomUUID().toString();
				try (Connection inUse = dataSource.getConnection()) {
					// createSecret and setSecret of a single-user rotation: the database accepts only the
					// pending password, AWSCURRENT still holds the old one.
					SecretRotations.createPending(secretsManager, secret, pending, credentials("db-pw-2"));
					execute(inUse, "ALTER USER APP SET PASSWORD 'db-pw-2'");
					try (Connection fresh = dataSource.getConnection()) {
						execute(fresh, "SELECT 1");
					}
					assertThat(counts.rejected()).isOne();
					assertThat("db-pw-2".equals(dataSource.getPassword())).isTrue();
					// finishSecret
					SecretRotations.finish(secretsManager, secret, current, pending);
					RefreshResult result = context.getBean(SecretRefresher.class).refreshAll();
					assertThat(result.changedProperties()).containsExactly("spring.datasource.password");
					dataSource.getHikariPoolMXBean().softEvictConnections();
					try (Connection fresh = dataSource.getConnection()) {
						execute(fresh, "SELECT 1");
					}
					execute(inUse, "SELECT 1");
				}
				assertThat(counts.rejected()).isOne();
				assertThat("db-pw-2".equals(dataSource.getPassword())).isTrue();
			}
		}
	}

	@Test
	void rejectionsWithinTheRecoveryIntervalShareOneLookForNewCredentials() throws Exception {
		String url = url();
		String secret = secretName();
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials("db-pw-1")));
			try (ConfigurableApplicationContext context = run(url, secret, countingDriver())) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				CountingDriver.Counts counts = CountingDriver.counts(url, "app");
				try (Connection inUse = dataSource.getConnection()) {
					// a password AWS does not hold either: every attempt fails
					execute(inUse, "ALTER USER APP SET PASSWORD 'unknown-to-aws'");
					AwsCallCounter.reset();
					int rejectedBefore = counts.rejected();
					DataSource connections = dataSource.getDataSource();
					// H2 delays each rejection (250 ms, doubling): three stay within the 5 s interval
					for (int attempt = 0; attempt < 3; attempt++) {
						assertThatExceptionOfType(SQLException.class)
							.isThrownBy(() -> connections.getConnection("app", "db-pw-1").close());
					}
					assertThat(counts.rejected() - rejectedBefore).isEqualTo(3);
					// one look: a refresh and an AWSPENDING lookup of the one secret
					assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("GetSecretValue", 2));
					execute(inUse, "SELECT 1");
				}
			}
		}
	}

	@Test
	void poolWhoseCredentialsHoldNoReferenceIsLeftAlone() {
		String secret = secretName();
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials("db-pw-1")));
			Map<String, Object> properties = new HashMap<>();
			properties.put("spring.datasource.url", url());
			properties.put("spring.datasource.username", "app");
			properties.put("spring.datasource.password", "literal");
			properties.put("app.password", "<<resolve:secretsmanager:" + secret + ":SecretString:password>>");
			try (ConfigurableApplicationContext context = run(properties)) {
				assertThat(context.getBean(HikariDataSource.class).getDataSource()).isNull();
			}
			try (ConfigurableApplicationContext context = run(url(), secret, Map.of())) {
				assertThat(context.getBean(HikariDataSource.class).getDataSource()).isNotNull();
			}
		}
	}

	private static ConfigurableApplicationContext run(String url, String secret, Map<String, Object> extra) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", "<<resolve:secretsmanager:" + secret + ":SecretString:username>>");
		properties.put("spring.datasource.password", "<<resolve:secretsmanager:" + secret + ":SecretString:password>>");
		properties.put("spring.datasource.hikari.minimum-idle", "0");
		properties.put("spring.datasource.hikari.maximum-pool-size", "3");
		properties.putAll(extra);
		return run(properties);
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(DataSourceConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(properties);
		return application.run(AwsTestEnvironment.springArguments("--secret-resolver.refresh.enabled=false"));
	}

	private static Map<String, Object> countingDriver() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.driver-class-name", CountingDriver.class.getName());
		return properties;
	}

	private static String url() {
		return "jdbc:h2:mem:rotation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	private static String secretName() {
		return "it" + AwsTestEnvironment.uniquePrefix().substring(3) + "/database";
	}

	private static String credentials(String password) {
		return "{\"username\":\"app\",\"password\":\"" + password + "\"}";
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, DataSourceAutoConfiguration.class,
			SecretResolverAutoConfiguration.class })
	static class DataSourceConfiguration {

	}

}
