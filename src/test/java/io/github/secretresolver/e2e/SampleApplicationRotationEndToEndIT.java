package io.github.secretresolver.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotates a database password under the running sample application, and takes AWS away from it
 * for a while: the application keeps serving, moves to the new password, and recovers.
 */
class SampleApplicationRotationEndToEndIT {

	@Test
	void rotatedDatabasePasswordReachesTheRunningApplication() throws Exception {
		String secret = "e2e/" + UUID.randomUUID() + "/db";
		Path directory = Files.createTempDirectory("shop-db");
		String url = "jdbc:h2:file:" + directory.resolve("shop") + ";AUTO_SERVER=TRUE";
		try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			secretsManager.createSecret((request) -> request.name(secret).secretString(credentials("rotated-pw-1")));
			try (SampleApplicationProcess app = SampleApplicationProcess.start(Map.of("SHOP_DATABASE_URL", url),
					"--spring.datasource.username=<<resolve:secretsmanager:" + secret + ":SecretString:username>>",
					"--spring.datasource.password=<<resolve:secretsmanager:" + secret + ":SecretString:password>>")) {
				app.awaitHealthy();
				assertThat(app.get("/shop/db").body()).contains("\"connected\":true");
				try (Connection admin = DriverManager.getConnection(url, "shop", "rotated-pw-1")) {
					// What a rotation function does: the database first, then the secret.
					execute(admin, "ALTER USER SHOP SET PASSWORD 'rotated-pw-2'");
					secretsManager.putSecretValue((request) -> request.secretId(secret).secretString(credentials("rotated-pw-2")));
					String refresh = app.post("/actuator/secrets").body();
					assertThat(refresh).contains("spring.datasource.password").doesNotContain("rotated-pw");
					// The database drops the sessions opened with the old password.
					execute(admin, "SELECT ABORT_SESSION(SESSION_ID) FROM INFORMATION_SCHEMA.SESSIONS "
							+ "WHERE SESSION_ID <> SESSION_ID()");
				}
				assertThat(awaitConnected(app)).contains("\"connected\":true").contains("\"user\":\"SHOP\"");
				assertThat(app.output()).doesNotContain("rotated-pw-1", "rotated-pw-2");
			}
		}
	}

	@Test
	void applicationKeepsServingThroughAnAwsOutageAndRecovers() throws Exception {
		WireMockServer proxy = new WireMockServer(options().dynamicPort());
		proxy.start();
		int port = proxy.port();
		proxyToAws(proxy);
		Map<String, String> environment = new HashMap<>();
		environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
		try (SampleApplicationProcess app = SampleApplicationProcess.start(environment,
				"--secret-resolver.refresh.max-staleness=1s", "--secret-resolver.refresh.timeout=1s",
				"--secret-resolver.attempt-timeout=2s", "--management.endpoint.health.show-details=always")) {
			app.awaitHealthy();
			String before = app.get("/shop").body();
			proxy.stop();
			String failedRefresh = app.post("/actuator/secrets").body();
			assertThat(failedRefresh).contains("\"failedReferences\":[\"<<resolve:");
			Thread.sleep(1500);
			var during = app.get("/shop");
			assertThat(during.statusCode()).isEqualTo(200);
			assertThat(during.body()).isEqualTo(before);
			var health = app.get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(secretsHealth(health.body())).isEqualTo("STALE");
			WireMockServer restarted = new WireMockServer(options().port(port));
			restarted.start();
			try {
				proxyToAws(restarted);
				String recovered = app.post("/actuator/secrets").body();
				assertThat(recovered).contains("\"failedReferences\":[]");
				assertThat(secretsHealth(app.get("/actuator/health").body())).isEqualTo("UP");
				assertThat(app.get("/shop").body()).isEqualTo(before);
			}
			finally {
				restarted.stop();
			}
		}
		finally {
			proxy.stop();
		}
	}

	private static String secretsHealth(String health) {
		return JsonMapper.builder().build().readTree(health).path("components").path("secrets").path("status").asString();
	}

	private static void proxyToAws(WireMockServer proxy) {
		proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
	}

	private static String awaitConnected(SampleApplicationProcess app) throws Exception {
		String body = "";
		for (int attempt = 0; attempt < 20; attempt++) {
			var response = app.get("/shop/db");
			body = response.body();
			if (response.statusCode() == 200) {
				return body;
			}
			Thread.sleep(500);
		}
		return body;
	}

	private static String credentials(String password) {
		return "{\"username\":\"shop\",\"password\":\"" + password + "\"}";
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
