package io.github.secretresolver.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.testsupport.AwsCallCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The local file mode ({@code secret-resolver.local-file}): every reference form read from a YAML
 * file, the same errors as AWS gives, a rotation rehearsed by editing the file and refreshing, no
 * AWS client and no call. Runs without AWS or an emulator.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalFileModeTests {

	@Test
	void everyReferenceFormIsReadFromTheFileAndSaidLoudly(CapturedOutput output) {
		AwsCallCounter.reset();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("it.host", "<<resolve:ssm:/shop/db-host>>");
		properties.put("it.url", "jdbc://<<resolve:ssm:/shop/db-host>>:5432/shop");
		properties.put("it.flags-v1", "<<resolve:ssm:/shop/flags:1>>");
		properties.put("it.password", "<<resolve:secretsmanager:prod/shop/db:SecretString:password>>");
		properties.put("it.pool-max", "<<resolve:secretsmanager:prod/shop/db::pool.max>>");
		properties.put("it.previous", "<<resolve:secretsmanager:prod/shop/db:SecretString:password:AWSPREVIOUS>>");
		properties.put("it.token", "<<resolve:secretsmanager:shop/token>>");
		properties.put("it.legacy", "<<resolve:kms:AQIDBAUGBwgJCgsMDQ4PEA==:app=shop>>");
		properties.put("it.optional", "<<resolve:ssm:/shop/missing|default=fallback>>");
		try (ConfigurableApplicationContext context = run(properties, "classpath:local/secrets.yml")) {
			assertThat(context.getEnvironment().getProperty("it.url")).isEqualTo("jdbc://localhost:5432/shop");
			assertThat(context.getEnvironment().getProperty("it.flags-v1")).isEqualTo("checkout=off");
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("local-password");
			assertThat(context.getEnvironment().getProperty("it.pool-max")).isEqualTo("10");
			assertThat(context.getEnvironment().getProperty("it.previous")).isEqualTo("old-password");
			assertThat(context.getEnvironment().getProperty("it.token")).isEqualTo("plain-token");
			assertThat(context.getEnvironment().getProperty("it.legacy")).isEqualTo("decrypted-token");
			assertThat(context.getEnvironment().getProperty("it.optional")).isEqualTo("fallback");
			assertThat(context.containsBean(SecretResolverEnvironmentPostProcessor.AWS_CLIENTS_BEAN_NAME)).isFalse();
		}
		assertThat(AwsCallCounter.total()).isZero();
		assertThat(output).contains("every <<resolve:...>> value comes from class path resource [local/secrets.yml]")
			.doesNotContain("local-password");
	}

	@Test
	void referenceMissingFromTheFileFailsStartupAsAMissingParameterDoes() {
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("it.missing", "<<resolve:ssm:/shop/missing>>", "it.key",
					"<<resolve:secretsmanager:prod/shop/db:SecretString:no-such-key>>"), "classpath:local/secrets.yml"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactlyInAnyOrder(tuple("it.missing", "ParameterNotFound"), tuple("it.key", "JsonKeyNotFound")));
	}

	@Test
	void editingTheFileAndRefreshingRehearsesARotation(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("secrets.yml");
		Files.writeString(file, "secrets:\n  prod/db:\n    password: before\n");
		try (ConfigurableApplicationContext context = run(
				Map.of("it.password", "<<resolve:secretsmanager:prod/db:SecretString:password>>"), "file:" + file)) {
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo("before");
			Files.writeString(file, "secrets:\n  prod/db:\n    password: after\n");
			assertThat(context.getBean(SecretRefresher.class).refreshAll().changedProperties()).containsExactly("it.password");
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("after");
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo("after");
		}
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties, String file) {
		return TestApplications.application(properties)
			.run("--secret-resolver.local-file=" + file, "--secret-resolver.refresh.enabled=false");
	}

}
