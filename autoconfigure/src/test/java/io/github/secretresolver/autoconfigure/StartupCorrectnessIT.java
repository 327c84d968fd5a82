package io.github.secretresolver.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.actuate.ResolvedValueSanitizingFunction;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Where users put references: placeholder defaults, masking by origin, properties read before
 * resolution, the disabled starter, secrets scheduled for deletion, and the errors users read.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupCorrectnessIT {

	private static final String PASSWORD = "origin-Secret-5c1f";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static String prefix;

	private static String deletedSecret;

	@BeforeAll
	static void seed() {
		prefix = AwsTestEnvironment.uniquePrefix();
		ssm.putParameter((request) -> request.name(prefix + "/password").value(PASSWORD).type(ParameterType.SECURE_STRING));
		ssm.putParameter((request) -> request.name(prefix + "/one").value("1").type(ParameterType.STRING));
		deletedSecret = "it" + prefix.substring(3) + "/deleted";
		secretsManager.createSecret((request) -> request.name(deletedSecret).secretString("{\"k\":\"v\"}"));
		secretsManager.deleteSecret((request) -> request.secretId(deletedSecret).recoveryWindowInDays(7L));
	}

	@AfterAll
	static void closeClients() {
		ssm.close();
		secretsManager.close();
	}

	@Test
	void referenceInThePlaceholderDefaultIsNotFetchedWhenThePlaceholderHasAValue() {
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = TestApplications.run(
				Map.of("it.password", "${IT_DB_PASSWORD:<<resolve:ssm-secure:" + prefix + "/does-not-exist>>}"),
				"--IT_DB_PASSWORD=local-password")) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("local-password");
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo("local-password");
		}
		assertThat(AwsCallCounter.total()).isZero();
	}

	@Test
	void referenceInThePlaceholderDefaultIsFetchedWhenThePlaceholderHasNoValue(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(
				Map.of("it.password", "${IT_UNSET_PASSWORD:<<resolve:ssm-secure:" + prefix + "/password>>}"),
				"--logging.level.org.springframework.core.env=TRACE",
				"--logging.level.org.springframework.boot.context.properties.source=TRACE")) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo(PASSWORD);
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo(PASSWORD);
		}
		// Spring logs placeholder keys at TRACE: a fetched value never travels inside one
		assertThat(output).contains("Searching for key").doesNotContain(PASSWORD);
	}

	@Test
	void actuatorMasksByOriginNotByValue() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("it.one", "<<resolve:ssm:" + prefix + "/one>>");
		properties.put("it.password", "<<resolve:ssm-secure:" + prefix + "/password>>");
		properties.put("it.url", "jdbc://db/shop?password=${it.password}");
		properties.put("it.composed", "x-${it.url}-y");
		properties.put("it.port", "1");
		try (ConfigurableApplicationContext context = TestApplications.run(properties)) {
			EnvironmentEndpoint endpoint = new EnvironmentEndpoint(context.getEnvironment(), sanitizers(context),
					Show.ALWAYS);
			String port = json.writeValueAsString(endpoint.environmentEntry("it.port"));
			assertThat(port).contains("\"value\":\"1\"");
			assertThat(json.writeValueAsString(endpoint.environmentEntry("it.one"))).doesNotContain("\"value\":\"1\"")
				.contains("******");
			for (String name : List.of("it.password", "it.url", "it.composed")) {
				assertThat(json.writeValueAsString(endpoint.environmentEntry(name))).doesNotContain(PASSWORD)
					.contains("******");
			}
			ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(
					sanitizers(context), Show.ALWAYS);
			configprops.setApplicationContext(context);
			String report = json.writeValueAsString(configprops.configurationProperties());
			assertThat(report).doesNotContain(PASSWORD).contains("******");
		}
	}

	@Test
	void referenceInAProfilePropertyIsRefusedWithTheReason() {
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(Map.of(), "--spring.profiles.active=<<resolve:ssm:" + prefix + "/one>>"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("spring.profiles.active", "ReadBeforeResolution")));
	}

	@Test
	void referenceInAProfilePropertyOfAConfigurationFileIsExplained(CapturedOutput output) {
		SpringApplication application = TestApplications.application(Map.of());
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> application
			.run(AwsTestEnvironment.springArguments("--spring.config.location=classpath:it/profile-reference.yml")));
		assertThat(output).contains("'spring.profiles.active'").contains("before references are resolved");
	}

	@Test
	void referenceInAConfigImportOfAConfigurationFileIsExplained(CapturedOutput output) {
		SpringApplication application = TestApplications.application(Map.of());
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> application
			.run(AwsTestEnvironment.springArguments("--spring.config.location=classpath:it/config-import-reference.yml")));
		assertThat(output).contains("config import")
			.contains("<<resolve:ssm:/it/import-location>>")
			.contains("before <<resolve:...>> references are resolved");
	}

	@Test
	void errorsQuoteTheReferencesNeverTheTextWrittenAroundThem() {
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(
					Map.of("it.url", "postgres://admin:literal-password-8Qw@<<resolve:ssm:/x>>/shop"),
					"--secret-resolver.enabled=false"))
			.satisfies((ex) -> {
				assertThat(ex.getErrors()).extracting(ResolutionError::reference).containsExactly("<<resolve:ssm:/x>>");
				assertThat(ex.getMessage()).doesNotContain("literal-password-8Qw");
			});
	}

	@Test
	void referenceInASettingTheStarterReadsIsRefused() {
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(Map.of(),
					"--spring.cloud.aws.region.static=<<resolve:ssm:" + prefix + "/one>>"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("spring.cloud.aws.region.static", "ReadBeforeResolution")));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(Map.of(), "--secret-resolver.max-concurrency=<<resolve:ssm:/x>>"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::errorCode)
				.containsExactly("ReadBeforeResolution"));
	}

	@Test
	void disabledStarterWithReferencesFailsNamingTheProperties() {
		AwsCallCounter.reset();
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(Map.of("it.password", "<<resolve:ssm-secure:/x>>", "it.plain", "p"),
					"--secret-resolver.enabled=false"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("it.password", "ResolutionDisabled")));
		assertThat(AwsCallCounter.total()).isZero();
	}

	@Test
	void disabledStarterPassesReferencesThroughWhenAskedAndSaysSo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(Map.of("it.password", "<<resolve:ssm-secure:/x>>"),
				"--secret-resolver.enabled=false", "--secret-resolver.when-disabled=pass-through")) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("<<resolve:ssm-secure:/x>>");
		}
		assertThat(output).contains("keep their <<resolve:...>> text: [it.password]");
	}

	@Test
	void secretScheduledForDeletionIsAbsentForOptionalReferencesAndExplainedForRequiredOnes() {
		try (ConfigurableApplicationContext context = TestApplications
			.run(Map.of("it.optional", "<<resolve:secretsmanager:" + deletedSecret + ":SecretString:k|default=fallback>>"))) {
			assertThat(context.getEnvironment().getProperty("it.optional")).isEqualTo("fallback");
		}
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(Map.of("it.required", "<<resolve:secretsmanager:" + deletedSecret + ">>")))
			.satisfies((ex) -> assertThat(ex.getErrors()).singleElement().satisfies((error) -> {
				assertThat(error.errorCode()).isEqualTo("SecretScheduledForDeletion");
				assertThat(error.message()).contains("restore-secret");
			}));
	}

	@Test
	void valueThatDoesNotExistIsReportedWithTheRegionAndEndpointSearched() {
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> TestApplications.run(Map.of("it.missing", "<<resolve:ssm:" + prefix + "/missing>>")))
			.satisfies((ex) -> assertThat(ex.getErrors()).singleElement().satisfies((error) -> {
				assertThat(error.errorCode()).isEqualTo("ParameterNotFound");
				assertThat(error.searched()).contains("Region " + AwsTestEnvironment.region().id())
					.contains(AwsTestEnvironment.endpoint().toString());
				assertThat(ex.getMessage()).contains("searched Region");
			}));
	}

	@Test
	void tlsDebuggingThatWouldPrintSecretsIsWarnedOf(CapturedOutput output) {
		String previous = System.setProperty("javax.net.debug", "ssl:record:plaintext");
		try (ConfigurableApplicationContext context = TestApplications
			.run(Map.of("it.password", "<<resolve:ssm-secure:" + prefix + "/password>>"))) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo(PASSWORD);
		}
		finally {
			if (previous != null) {
				System.setProperty("javax.net.debug", previous);
			}
			else {
				System.clearProperty("javax.net.debug");
			}
		}
		assertThat(output).contains("[javax.net.debug] may print them").doesNotContain(PASSWORD);
	}

	private static List<SanitizingFunction> sanitizers(ConfigurableApplicationContext context) {
		return List.of(new ResolvedValueSanitizingFunction(context.getBean(ReferenceResolver.class).secretProperties()));
	}

}
