package io.github.secretresolver.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample app against the AWS endpoint in {@code AWS_ENDPOINT_URL} (moto, started and
 * seeded by {@code scripts/test.sh} with {@code scripts/seed-demo.sh}) and checks that every
 * reference was resolved and that no secret leaks through {@code /shop} or {@code /actuator/env}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnabledIfEnvironmentVariable(named = "AWS_ENDPOINT_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "DEMO_KMS_CIPHERTEXT", matches = ".+")
@DisabledIfEnvironmentVariable(named = "DEMO_UNSUPPORTED_FORMS", matches = ".+",
		disabledReason = "the AWS endpoint does not answer a reference form application.yml uses (scripts/seed-demo.sh)")
class SampleApplicationIT {

	// Demo values written by scripts/seed-demo.sh.
	private static final String PASSWORD = "demo-pw-7Hq2Lx9v";

	private static final String PREVIOUS_PASSWORD = "demo-old-pw-3Kd8";

	private static final String PAYMENTS_KEY = "demo-payments-key-Np63Vt";

	private static final String API_TOKEN = "demo-api-token-Zr41Wq";

	private static final String LEGACY_TOKEN = "demo-legacy-token-5Rw1";

	private static final List<String> SECRETS = List.of(PASSWORD, PREVIOUS_PASSWORD, PAYMENTS_KEY, API_TOKEN,
			LEGACY_TOKEN);

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ShopProperties shop;

	@Autowired
	private Environment environment;

	@Test
	void referencesAreResolvedAtStartup() {
		assertThat(this.shop.db().host()).isEqualTo("localhost");
		assertThat(this.shop.db().name()).isEqualTo("shop");
		assertThat(this.shop.db().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/shop?ApplicationName=shop");
		assertThat(this.shop.db().username()).isEqualTo("shop");
		assertThat(this.shop.db().password()).isEqualTo(PASSWORD);
		assertThat(this.shop.db().previousPassword()).isEqualTo(PREVIOUS_PASSWORD);
		assertThat(this.shop.db().poolMax()).isEqualTo(10);
		assertThat(this.shop.paymentsKey()).isEqualTo(PAYMENTS_KEY);
		assertThat(this.shop.apiToken()).isEqualTo(API_TOKEN);
		assertThat(this.shop.legacyToken()).isEqualTo(LEGACY_TOKEN);
		assertThat(this.shop.featureFlags().latest()).isEqualTo("checkout=on,search=on");
		assertThat(this.shop.featureFlags().version1()).isEqualTo("checkout=on,search=off");
		assertThat(this.shop.featureFlags().stable()).isEqualTo("checkout=on,search=off");
		assertThat(this.shop.optionalSetting()).isEqualTo("fallback");
		assertThat(this.environment.getProperty("spring.datasource.password")).isEqualTo(PASSWORD);
	}

	@Test
	void shopEndpointShowsWhatWasResolvedButNoSecret() throws Exception {
		HttpResponse<String> response = get("/shop");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"allResolved\":true")
			.contains("\"value\":\"localhost\"")
			.contains("\"preview\":\"sh****\"")
			.contains("\"usedDefault\":true")
			.doesNotContain("<<resolve:");
		assertNoSecretIn(response.body());
	}

	@Test
	void actuatorEnvMasksResolvedValues() throws Exception {
		HttpResponse<String> password = get("/actuator/env/spring.datasource.password");
		assertThat(password.statusCode()).isEqualTo(200);
		// The property is there, and its value is masked.
		assertThat(password.body()).contains("\"property\":{").contains("\"value\":\"******\"");
		assertNoSecretIn(password.body());
		HttpResponse<String> env = get("/actuator/env");
		assertThat(env.statusCode()).isEqualTo(200);
		// show-values is "always", yet none of the resolved secrets is shown.
		assertThat(env.body()).contains("shop.payments-key");
		assertNoSecretIn(env.body());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void assertNoSecretIn(String body) {
		for (String secret : SECRETS) {
			assertThat(body).doesNotContain(secret);
		}
	}

}
