package io.github.secretresolver.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged sample application as a separate JVM against the AWS endpoint seeded by
 * {@code scripts/seed-demo.sh}, and checks it from outside over HTTP.
 */
class SampleApplicationEndToEndIT {

	private static List<String> secrets;

	@BeforeAll
	static void seedDemoData() {
		SampleApplicationProcess.seedDemoData();
		secrets = readDemoSecrets();
	}

	@Test
	void sampleApplicationServesResolvedValuesAndNeverShowsSecrets() throws Exception {
		String shop;
		String env;
		String password;
		String database;
		String log;
		try (SampleApplicationProcess app = SampleApplicationProcess
			.start(Map.of("SHOP_DB_NAME", "<<resolve:ssm:/shop/demo/db-host>>"))) {
			app.awaitHealthy();
			shop = app.get("/shop").body();
			env = app.get("/actuator/env").body();
			password = app.get("/actuator/env/spring.datasource.password").body();
			database = app.get("/shop/db").body();
			log = app.output();
		}
		assertThat(shop).contains("\"allResolved\":true")
			.contains("{\"name\":\"shop.legacy-token\",\"from\":\"kms\",\"resolved\":true,\"length\":22,\"secret\":true}")
			.contains("\"value\":\"localhost\"")
			.contains("jdbc:postgresql://localhost:5432/shop?ApplicationName=shop");
		assertThat(shop).as("shop.db.name comes from the environment variable SHOP_DB_NAME")
			.contains("{\"name\":\"shop.db.name\",\"from\":\"ssm\",\"resolved\":true,\"length\":9,\"value\":\"localhost\"}");
		assertThat(password).contains("******").contains("application.yml");
		assertThat(database).contains("\"connected\":true").contains("\"user\":\"SHOP\"");
		assertThat(log).contains("Resolved");
		for (String secret : secrets) {
			assertThat(shop).doesNotContain(secret);
			assertThat(env).doesNotContain(secret);
			assertThat(password).doesNotContain(secret);
			assertThat(log).doesNotContain(secret);
		}
	}

	@Test
	void badReferencesStopStartupWithOneReportNamingEach() throws Exception {
		try (SampleApplicationProcess app = SampleApplicationProcess.start(
				Map.of("SPRING_DATASOURCE_USERNAME", "<<resolve:ssm:/a:b:c>>"),
				"--shop.payments-key=<<resolve:ssm-secure:/shop/demo/missing>>")) {
			assertThat(app.awaitExit()).isNotZero();
			String log = app.output();
			assertThat(log).contains("APPLICATION FAILED TO START")
				.contains("2 AWS reference(s) in the configuration could not be resolved")
				.contains("spring.datasource.username", "System Environment Property \"SPRING_DATASOURCE_USERNAME\"",
						"InvalidReference")
				.contains("shop.payments-key", "<<resolve:ssm-secure:/shop/demo/missing>>", "ParameterNotFound");
			for (String secret : secrets) {
				assertThat(log).doesNotContain(secret);
			}
		}
	}

	private static List<String> readDemoSecrets() {
		try (SsmClient ssm = AwsTestEnvironment.ssm(); SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			List<String> values = new ArrayList<>();
			values.add(ssm.getParameter((request) -> request.name("/shop/demo/payments-key").withDecryption(true))
				.parameter()
				.value());
			values.add(secretsManager.getSecretValue((request) -> request.secretId("demo/shop/api-token")).secretString());
			for (String stage : List.of("AWSCURRENT", "AWSPREVIOUS")) {
				String json = secretsManager
					.getSecretValue((request) -> request.secretId("demo/shop/db").versionStage(stage))
					.secretString();
				values.add(json.replaceAll(".*\"password\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
			}
			values.add("demo-legacy-token-5Rw1");
			assertThat(values).allSatisfy((value) -> assertThat(value).hasSizeGreaterThan(6));
			return values;
		}
	}

}
