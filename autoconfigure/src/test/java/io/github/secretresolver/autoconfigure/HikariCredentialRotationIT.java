package io.github.secretresolver.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.github.secretresolver.refresh.SecretRefresher;
import com.zaxxer.hikari.HikariDataSource;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
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
 * connection opened before keeps working.
 */
class HikariCredentialRotationIT {

	@Test
	void rotatedDatabasePasswordReachesNewConnectionsWithoutBreakingConnectionsInUse() throws SQLException {
		String url = "jdbc:h2:mem:rotation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		String secret = "it" + AwsTestEnvironment.uniquePrefix().substring(3) + "/database";
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret)
				.secretString("{\"username\":\"app\",\"password\":\"db-pw-1\"}"));
			SpringApplication application = new SpringApplication(DataSourceConfiguration.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setDefaultProperties(Map.of("spring.datasource.url", url, "spring.datasource.username",
					"<<resolve:secretsmanager:" + secret + ":SecretString:username>>", "spring.datasource.password",
					"<<resolve:secretsmanager:" + secret + ":SecretString:password>>",
					"spring.datasource.hikari.minimum-idle", "0", "spring.datasource.hikari.maximum-pool-size", "3"));
			try (ConfigurableApplicationContext context = application
				.run(AwsTestEnvironment.springArguments("--secret-resolver.refresh.enabled=false"))) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				try (Connection inUse = dataSource.getConnection()) {
					execute(inUse, "ALTER USER APP SET PASSWORD 'db-pw-2'");
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> DriverManager.getConnection(url, "app", "db-pw-1").close());
					secretsManager.putSecretValue((request) -> request.secretId(secret)
						.secretString("{\"username\":\"app\",\"password\":\"db-pw-2\"}"));
					var result = context.getBean(SecretRefresher.class).refreshAll();
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
