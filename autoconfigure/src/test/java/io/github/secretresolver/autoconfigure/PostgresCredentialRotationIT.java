package io.github.secretresolver.autoconfigure;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import io.github.secretresolver.testsupport.CountingDriver;
import io.github.secretresolver.testsupport.PostgresTestDatabase;
import io.github.secretresolver.testsupport.SecretRotations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rotates the password of a PostgreSQL role ({@code ALTER ROLE ... PASSWORD}) and the Secrets
 * Manager secret that holds it under a running HikariCP pool: four threads run {@code select 1}
 * through the pool without pause, one connection is held across the rotation, and
 * {@code maxLifetime} (30 s, HikariCP's least) retires every other connection opened before it.
 * No query may fail; the connections opened before the rotation keep working; every connection
 * opened after it uses the new password. Three ways a rotation reaches the pool: a refresh and its
 * event, nothing at all (only the rejected connection attempt brings the new password in), and a
 * single-user rotation in progress (the new password staged as {@code AWSPENDING} and accepted by
 * the database before {@code AWSCURRENT} moves).
 * <p>
 * Needs a PostgreSQL server ({@code PG_TEST_JDBC_URL}, started by {@code scripts/test.sh} through
 * {@code scripts/postgres.sh}); skipped, saying so, without one.
 */
class PostgresCredentialRotationIT {

	private static final int QUERY_THREADS = 4;

	private static final int POOL_SIZE = QUERY_THREADS + 1;

	private static final Duration RETIREMENT_TIMEOUT = Duration.ofSeconds(60);

	private static final String PASSWORD_PROPERTY = "spring.datasource.password";

	private static final SecureRandom random = new SecureRandom();

	private static PostgresTestDatabase database;

	@BeforeAll
	static void locateServer() {
		database = PostgresTestDatabase.fromEnvironment();
		if (database == null) {
			System.out.println("postgres rotation: SKIPPED, no PostgreSQL server: PG_TEST_JDBC_URL is not set "
					+ "(scripts/test.sh starts one with scripts/postgres.sh when PostgreSQL is installed: "
					+ "apt-get install -y postgresql)");
		}
	}

	@BeforeEach
	void requireServer() {
		Assumptions.assumeTrue(database != null, "no PostgreSQL server (PG_TEST_JDBC_URL is not set)");
	}

	@Test
	void rotationDeliveredByARefreshAndItsEvent() throws Exception {
		Outcome outcome = rotate(Rotation.REFRESHED);
		assertThat(outcome.rejected()).isLessThanOrEqualTo(1);
	}

	@Test
	void rotationThatNoRefreshSawCostsOneRejectedConnectionAttempt() throws Exception {
		Outcome outcome = rotate(Rotation.UNSEEN);
		assertThat(outcome.rejected()).isOne();
	}

	@Test
	void singleUserRotationInProgressIsFollowedThroughItsPendingVersion() throws Exception {
		Outcome outcome = rotate(Rotation.PENDING);
		assertThat(outcome.rejected()).isOne();
	}

	@Test
	void concurrentRejectionsShareOneLookForNewCredentials() throws Exception {
		String role = ("rot_storm_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
		String password = password();
		String secret = "it" + AwsTestEnvironment.uniquePrefix().substring(3) + "/postgres-" + role;
		database.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials(role, password)));
			try (ConfigurableApplicationContext context = run(secret, Rotation.REFRESHED)) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				dataSource.getConnection().close();
				awaitPoolFilled(dataSource);
				CountingDriver.Counts counts = CountingDriver.counts(database.jdbcUrl(), role);
				// a password AWS does not hold either: every attempt fails, however many
				database.execute("ALTER ROLE " + role + " PASSWORD '" + password() + "'");
				AwsCallCounter.reset();
				int rejectedBefore = counts.rejected();
				DataSource connections = dataSource.getDataSource();
				AtomicInteger failed = new AtomicInteger();
				List<Thread> threads = new ArrayList<>();
				long start = System.nanoTime();
				for (int i = 0; i < 8; i++) {
					Thread thread = new Thread(() -> {
						for (int attempt = 0; attempt < 10; attempt++) {
							try (Connection connection = connections.getConnection(role, password)) {
								query(connection);
							}
							catch (SQLException ex) {
								failed.incrementAndGet();
							}
						}
					});
					threads.add(thread);
					thread.start();
				}
				for (Thread thread : threads) {
					thread.join();
				}
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				int rejected = counts.rejected() - rejectedBefore;
				System.out.println("postgres rejected credentials, nothing newer in AWS: " + rejected
						+ " connection attempts from 8 threads rejected in " + elapsed.toMillis() + " ms, " + failed
						+ " failed; AWS calls " + AwsCallCounter.snapshot());
				assertThat(failed).hasValue(80);
				assertThat(rejected).isEqualTo(80);
				// one look per recovery interval: a refresh and an AWSPENDING lookup of the one secret
				long looks = 1 + elapsed.toMillis() / HikariCredentialsConfiguration.RECOVERY_INTERVAL.toMillis();
				assertThat(AwsCallCounter.snapshot()).containsOnlyKeys("GetSecretValue");
				assertThat(AwsCallCounter.count("GetSecretValue")).isLessThanOrEqualTo((int) (2 * looks));
				try (Connection pooled = dataSource.getConnection()) {
					assertThat(query(pooled)).as("connections opened before keep working").isOne();
				}
			}
		}
		finally {
			database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
			database.execute("DROP ROLE IF EXISTS " + role);
		}
	}

	private Outcome rotate(Rotation rotation) throws Exception {
		String role = ("rot_" + rotation + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
		String oldPassword = password();
		String newPassword = password();
		String secret = "it" + AwsTestEnvironment.uniquePrefix().substring(3) + "/postgres-" + role;
		String pendingVersion = UUID.randomUUID().toString();
		database.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + oldPassword + "'");
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			String currentVersion = secretsManager
				.createSecret((request) -> request.name(secret).secretString(credentials(role, oldPassword)))
				.versionId();
			try (ConfigurableApplicationContext context = run(secret, rotation)) {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getDataSource()).as("recovering data source installed").isNotNull();
				CountingDriver.Counts counts = CountingDriver.counts(database.jdbcUrl(), role);
				try (Connection held = dataSource.getConnection()) {
					awaitPoolFilled(dataSource);
					Set<Integer> sessionsBefore = sessions(role);
					int heldSession = session(held);
					Load load = Load.start(dataSource, QUERY_THREADS);
					Thread.sleep(1000);
					int acceptedBefore = counts.accepted();
					assertThat(counts.rejected()).isZero();
					AwsCallCounter.reset();
					switch (rotation) {
						case REFRESHED -> {
							database.execute("ALTER ROLE " + role + " PASSWORD '" + newPassword + "'");
							secretsManager.putSecretValue((request) -> request.secretId(secret)
								.secretString(credentials(role, newPassword)));
							RefreshResult result = context.getBean(SecretRefresher.class).refreshAll();
							assertThat(result.changedProperties()).containsExactly(PASSWORD_PROPERTY);
						}
						case UNSEEN -> {
							secretsManager.putSecretValue((request) -> request.secretId(secret)
								.secretString(credentials(role, newPassword)));
							database.execute("ALTER ROLE " + role + " PASSWORD '" + newPassword + "'");
						}
						case PENDING -> {
							// createSecret and setSecret of a single-user rotation
							SecretRotations.createPending(secretsManager, secret, pendingVersion,
									credentials(role, newPassword));
							database.execute("ALTER ROLE " + role + " PASSWORD '" + newPassword + "'");
						}
					}
					assertThat(query(held)).as("connection held across the rotation").isOne();
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, oldPassword).close())
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
					Set<Integer> keptWorking = awaitRetirement(role, sessionsBefore, heldSession, load);
					if (rotation == Rotation.PENDING) {
						assertThat(newPassword.equals(dataSource.getPassword())).as("pool settled on AWSPENDING").isTrue();
						// finishSecret
						SecretRotations.finish(secretsManager, secret, currentVersion, pendingVersion);
						RefreshResult result = context.getBean(SecretRefresher.class).refreshAll();
						assertThat(result.changedProperties()).containsExactly(PASSWORD_PROPERTY);
					}
					Thread.sleep(1000);
					load.stop();
					assertThat(query(held)).as("connection held across the rotation").isOne();
					Outcome outcome = new Outcome(rotation, load.queries(), load.failures(), counts.attempts(),
							counts.rejected(), counts.accepted() - acceptedBefore, counts.acceptedWith(newPassword),
							sessionsBefore.size(), keptWorking.size(), AwsCallCounter.snapshot());
					System.out.println(outcome);
					assertThat(load.failures()).as("failed queries (first: %s)", load.firstFailure()).isZero();
					assertThat(load.queries()).isPositive();
					assertThat(newPassword.equals(dataSource.getPassword())).as("pool uses the new password").isTrue();
					assertThat(outcome.openedAfter()).isGreaterThanOrEqualTo(QUERY_THREADS);
					assertThat(outcome.openedWithNewPassword()).isEqualTo(outcome.openedAfter());
					assertThat(keptWorking).contains(heldSession);
					try (Connection direct = DriverManager.getConnection(database.jdbcUrl(), role, newPassword)) {
						assertThat(query(direct)).isOne();
					}
					return outcome;
				}
			}
		}
		finally {
			database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
			database.execute("DROP ROLE IF EXISTS " + role);
		}
	}

	private static ConfigurableApplicationContext run(String secret, Rotation rotation) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.driver-class-name", CountingDriver.class.getName());
		properties.put("spring.datasource.username", "<<resolve:secretsmanager:" + secret + ":SecretString:username>>");
		properties.put(PASSWORD_PROPERTY, "<<resolve:secretsmanager:" + secret + ":SecretString:password>>");
		properties.put("spring.datasource.hikari.pool-name", "rotation-" + rotation);
		properties.put("spring.datasource.hikari.maximum-pool-size", String.valueOf(POOL_SIZE));
		properties.put("spring.datasource.hikari.minimum-idle", String.valueOf(POOL_SIZE));
		properties.put("spring.datasource.hikari.max-lifetime", "30000");
		properties.put("spring.datasource.hikari.keepalive-time", "0");
		properties.put("spring.datasource.hikari.connection-timeout", "20000");
		SpringApplication application = new SpringApplication(HikariCredentialRotationIT.DataSourceConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(properties);
		return application.run(AwsTestEnvironment.springArguments("--secret-resolver.refresh.enabled=false"));
	}

	private static void awaitPoolFilled(HikariDataSource dataSource) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (dataSource.getHikariPoolMXBean().getTotalConnections() < POOL_SIZE) {
			assertThat(System.nanoTime()).as("pool filled in time").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/**
	 * Wait until maxLifetime has retired every connection opened before the rotation but the held
	 * one, while the load runs.
	 * @return the sessions opened before the rotation that were still open after it
	 */
	private static Set<Integer> awaitRetirement(String role, Set<Integer> before, int held, Load load)
			throws SQLException, InterruptedException {
		Set<Integer> seenAfterRotation = new HashSet<>(before);
		seenAfterRotation.retainAll(sessions(role));
		long deadline = System.nanoTime() + RETIREMENT_TIMEOUT.toNanos();
		while (true) {
			Set<Integer> remaining = new HashSet<>(before);
			remaining.retainAll(sessions(role));
			remaining.remove(held);
			if (remaining.isEmpty()) {
				return seenAfterRotation;
			}
			assertThat(load.failures()).as("failed queries (first: %s)", load.firstFailure()).isZero();
			assertThat(System.nanoTime()).as("connections opened before the rotation retired in time")
				.isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private static Set<Integer> sessions(String role) throws SQLException {
		Set<Integer> sessions = new HashSet<>();
		try (Connection connection = database.administratorConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT pid FROM pg_stat_activity WHERE usename = ?")) {
			statement.setString(1, role);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					sessions.add(rows.getInt(1));
				}
			}
		}
		return sessions;
	}

	private static int session(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static int query(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static String credentials(String role, String password) {
		return "{\"username\":\"" + role + "\",\"password\":\"" + password + "\"}";
	}

	private static String password() {
		StringBuilder password = new StringBuilder("pw");
		random.ints(24, 0, 36).forEach((digit) -> password.append(Character.forDigit(digit, 36)));
		return password.toString();
	}

	enum Rotation {

		/**
		 * {@code ALTER ROLE}, {@code PutSecretValue}, then a refresh: its event gives the pool the new
		 * password.
		 */
		REFRESHED,

		/**
		 * {@code PutSecretValue} then {@code ALTER ROLE}, and no refresh: the first connection attempt
		 * the database rejects brings the new password in.
		 */
		UNSEEN,

		/**
		 * A single-user rotation: the new password staged as {@code AWSPENDING}, {@code ALTER ROLE},
		 * and only after every connection was replaced {@code AWSCURRENT} moves to it.
		 */
		PENDING;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * What one rotation cost, as the test prints it: never a password.
	 */
	record Outcome(Rotation rotation, long queries, long failures, int attempts, int rejected, int openedAfter,
			int openedWithNewPassword, int sessionsBefore, int keptWorking, Map<String, Integer> awsCalls) {

		@Override
		public String toString() {
			return "postgres rotation (" + this.rotation + "): " + this.queries + " queries on " + QUERY_THREADS
					+ " threads, " + this.failures + " failed; connection attempts " + this.attempts + ", rejected "
					+ this.rejected + "; " + this.sessionsBefore + " sessions opened before the rotation, "
					+ this.keptWorking + " of them kept serving after it until retired (1 held across it); "
					+ this.openedAfter
					+ " connections opened after it, " + this.openedWithNewPassword + " with the new password; "
					+ "AWS calls from the rotation on " + this.awsCalls;
		}

	}

	/**
	 * Threads that run {@code select 1} through the pool without pause.
	 */
	static final class Load {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong queries = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final AtomicReference<String> firstFailure = new AtomicReference<>();

		private final List<Thread> threads = new ArrayList<>();

		static Load start(HikariDataSource dataSource, int threads) {
			Load load = new Load();
			for (int i = 0; i < threads; i++) {
				Thread thread = new Thread(() -> load.run(dataSource), "select-1-" + i);
				load.threads.add(thread);
				thread.start();
			}
			return load;
		}

		private void run(HikariDataSource dataSource) {
			while (this.running.get()) {
				try (Connection connection = dataSource.getConnection()) {
					query(connection);
					this.queries.incrementAndGet();
				}
				catch (SQLException ex) {
					this.failures.incrementAndGet();
					this.firstFailure.compareAndSet(null, "SQLState " + ex.getSQLState());
				}
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

		long queries() {
			return this.queries.get();
		}

		long failures() {
			return this.failures.get();
		}

		String firstFailure() {
			return this.firstFailure.get();
		}

	}

}
