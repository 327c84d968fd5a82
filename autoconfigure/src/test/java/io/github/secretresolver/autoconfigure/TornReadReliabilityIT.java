package io.github.secretresolver.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads read a user name and its password while the secret that holds them rotates again
 * and again: no read may pair a user name with the password of another version.
 */
class TornReadReliabilityIT {

	private static final int READERS = 8;

	private static final int ROTATIONS = 25;

	@Test
	void readersNeverSeeAUserNameAndAPasswordFromDifferentVersions() throws Exception {
		String secret = "it" + AwsTestEnvironment.uniquePrefix().substring(3) + "/torn";
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials(0)));
			String reference = "<<resolve:secretsmanager:" + secret + ":SecretString:";
			Map<String, Object> properties = Map.of("it.user", reference + "username>>", "it.password",
					reference + "password>>", "it.pair", reference + "username>>/" + reference + "password>>");
			try (ConfigurableApplicationContext context = TestApplications.run(properties,
					"--secret-resolver.refresh.enabled=false")) {
				Environment environment = context.getEnvironment();
				ResolvedValues resolvedValues = context.getBean(ResolvedValues.class);
				AtomicBoolean running = new AtomicBoolean(true);
				AtomicLong reads = new AtomicLong();
				AtomicLong tornPairs = new AtomicLong();
				AtomicLong tornSingleValues = new AtomicLong();
				AtomicLong tornUnguardedPairs = new AtomicLong();
				List<Thread> readers = new ArrayList<>();
				for (int index = 0; index < READERS; index++) {
					Thread reader = new Thread(() -> {
						while (running.get()) {
							String pair = resolvedValues.readConsistently(
									() -> environment.getProperty("it.user") + "/" + environment.getProperty("it.password"));
							count(pair, tornPairs);
							count(environment.getProperty("it.pair"), tornSingleValues);
							count(environment.getProperty("it.user") + "/" + environment.getProperty("it.password"),
									tornUnguardedPairs);
							reads.incrementAndGet();
						}
					});
					reader.start();
					readers.add(reader);
				}
				SecretRefresher refresher = context.getBean(SecretRefresher.class);
				for (int version = 1; version <= ROTATIONS; version++) {
					int current = version;
					secretsManager.putSecretValue((request) -> request.secretId(secret).secretString(credentials(current)));
					assertThat(refresher.refreshAll().changedProperties()).contains("it.user", "it.password", "it.pair");
				}
				running.set(false);
				for (Thread reader : readers) {
					reader.join();
				}
				System.out.printf("torn reads: %d reads by %d threads across %d rotations; torn pairs with "
						+ "readConsistently: %d, torn single values: %d, torn pairs read without it: %d%n", reads.get(),
						READERS, ROTATIONS, tornPairs.get(), tornSingleValues.get(), tornUnguardedPairs.get());
				assertThat(reads.get()).isGreaterThan(ROTATIONS);
				assertThat(tornPairs.get()).isZero();
				assertThat(tornSingleValues.get()).isZero();
				assertThat(environment.getProperty("it.pair")).isEqualTo("user-" + ROTATIONS + "/pass-" + ROTATIONS);
			}
		}
	}

	private static void count(String pair, AtomicLong torn) {
		String[] parts = pair.split("/");
		if (!parts[0].substring("user-".length()).equals(parts[1].substring("pass-".length()))) {
			torn.incrementAndGet();
		}
	}

	private static String credentials(int version) {
		return "{\"username\":\"user-" + version + "\",\"password\":\"pass-" + version + "\"}";
	}

}
