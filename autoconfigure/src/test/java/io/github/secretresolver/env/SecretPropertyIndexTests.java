package io.github.secretresolver.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretPropertyIndex}.
 */
class SecretPropertyIndexTests {

	private final MapPropertySource application = source("application", Map.of(
			"spring.datasource.password", "<<resolve:secretsmanager:prod/db:SecretString:password>>",
			"shop.db.url", "jdbc://h/db?password=${spring.datasource.password}", "shop.alias", "x-${shop.db.url}-y",
			"shop.hosts", "<<resolve:ssm:/shop/hosts>>", "shop.secret-key", "<<resolve:ssm-secure:/shop/key>>",
			"server.port", "1", "shop.plain", "${server.port}", "shop.env-alias", "${SHOP_TOKEN}"));

	private final SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource("systemEnvironment",
			Map.of("SHOP_TOKEN", "<<resolve:ssm-secure:/shop/token>>", "HOME", "/root"));

	private final SecretPropertyIndex index = SecretPropertyIndex.of(sources(this.environment, this.application));

	@Test
	void propertyWrittenWithAReferenceIsSecret() {
		assertThat(this.index.isSecret(this.application, "spring.datasource.password")).isTrue();
		assertThat(this.index.isSecret(this.environment, "SHOP_TOKEN")).isTrue();
	}

	@Test
	void propertyComposedFromASecretPropertyIsSecretTransitively() {
		assertThat(this.index.isSecret(this.application, "shop.db.url")).isTrue();
		assertThat(this.index.isSecret(this.application, "shop.alias")).isTrue();
		assertThat(this.index.isSecret(this.application, "shop.env-alias")).isTrue();
	}

	@Test
	void propertyWhoseValueEqualsAFetchedValueIsNotSecret() {
		assertThat(this.index.isSecret(this.application, "server.port")).isFalse();
		assertThat(this.index.isSecret(this.application, "shop.plain")).isFalse();
		assertThat(this.index.isSecret(this.environment, "HOME")).isFalse();
	}

	@Test
	void secretPropertyIsRecognisedInEveryFormBootBinds() {
		assertThat(this.index.isSecret(null, "SPRING_DATASOURCE_PASSWORD")).isTrue();
		assertThat(this.index.isSecret(null, "shop.secretKey")).isTrue();
		assertThat(this.index.isSecret(null, "shop.hosts[1]")).isTrue();
		assertThat(this.index.isSecret(null, "shop.token")).isTrue();
		assertThat(this.index.isSecret(null, "shop.hostsx")).isFalse();
	}

	@Test
	void changeReachesEveryPropertyComposedFromTheChangedOnes() {
		assertThat(this.index.reachedBy(List.of("spring.datasource.password"))).containsExactlyInAnyOrder(
				"spring.datasource.password", "shop.db.url", "shop.alias");
		assertThat(this.index.reachedBy(List.of("server.port"))).containsExactlyInAnyOrder("server.port",
				"shop.plain");
	}

	@Test
	void shadowedReferenceMakesOnlyItsOwnEntrySecret() {
		MapPropertySource override = source("override", Map.of("spring.datasource.password", "local-dev"));
		SecretPropertyIndex index = SecretPropertyIndex.of(sources(override, this.application));
		assertThat(index.isSecret(this.application, "spring.datasource.password")).isTrue();
		assertThat(index.isSecret(override, "spring.datasource.password")).isFalse();
		assertThat(index.isSecret(this.application, "shop.db.url")).isFalse();
	}

	private static MapPropertySource source(String name, Map<String, Object> properties) {
		return new MapPropertySource(name, new LinkedHashMap<>(properties));
	}

	private static MutablePropertySources sources(PropertySource<?>... sources) {
		MutablePropertySources all = new MutablePropertySources();
		for (PropertySource<?> source : sources) {
			all.addLast(source);
		}
		return all;
	}

}
