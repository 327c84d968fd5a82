package io.github.secretresolver.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretResolverRuntimeHints}.
 */
class SecretResolverRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void settingsBoundBeforeAnyBeanExistsCanBeBoundReflectively() throws NoSuchMethodException {
		new SecretResolverRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(SecretResolverProperties.class.getConstructor())).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(SecretResolverProperties.class.getMethod("setStartupTimeout", java.time.Duration.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(SecretResolverProperties.Refresh.class.getMethod("setTimeout", java.time.Duration.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(SpringCloudAwsSettings.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(SpringCloudAwsSettings.Credentials.class)).accepts(this.hints);
	}

	@Test
	void registrarIsListedForSpringsAotProcessing() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(SecretResolverRuntimeHints.class);
	}

}
