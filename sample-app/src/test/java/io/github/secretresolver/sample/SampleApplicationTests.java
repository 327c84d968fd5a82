package io.github.secretresolver.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample app without AWS or an emulator: every reference is read from
 * {@code src/test/resources/local-secrets.yml} ({@code secret-resolver.local-file}), the way an
 * application's own tests can run on a laptop or in CI. {@link SampleApplicationIT} runs the same
 * app against an AWS endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "secret-resolver.local-file=classpath:local-secrets.yml",
				"DEMO_KMS_CIPHERTEXT=AQIDBAUGBwgJCgsMDQ4PEA==" })
class SampleApplicationTests {

	private static final List<String> SECRETS = List.of("local-pw-Kf83", "local-old-pw-Lm22",
			"local-payments-key-Qm27", "local-api-token-Xp90", "local-legacy-token-Zt41");

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ShopProperties shop;

	@Test
	void everyReferenceIsResolvedFromTheLocalFile() {
		assertThat(this.shop.db().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/shop?ApplicationName=shop");
		assertThat(this.shop.db().password()).isEqualTo("local-pw-Kf83");
		assertThat(this.shop.db().previousPassword()).isEqualTo("local-old-pw-Lm22");
		assertThat(this.shop.db().poolMax()).isEqualTo(10);
		assertThat(this.shop.paymentsKey()).isEqualTo("local-payments-key-Qm27");
		assertThat(this.shop.apiToken()).isEqualTo("local-api-token-Xp90");
		assertThat(this.shop.legacyToken()).isEqualTo("local-legacy-token-Zt41");
		assertThat(this.shop.featureFlags().stable()).isEqualTo("checkout=on,search=off");
		assertThat(this.shop.optionalSetting()).isEqualTo("fallback");
	}

	@Test
	void databaseAcceptsTheCredentialsAndNoSecretIsShown() throws Exception {
		assertThat(get("/shop/db").body()).contains("\"connected\":true");
		String shop = get("/shop").body();
		assertThat(shop).contains("\"allResolved\":true");
		String env = get("/actuator/env").body();
		for (String secret : SECRETS) {
			assertThat(shop).doesNotContain(secret);
			assertThat(env).doesNotContain(secret);
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
