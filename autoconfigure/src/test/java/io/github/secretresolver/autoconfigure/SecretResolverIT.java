package io.github.secretresolver.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import io.github.secretresolver.testsupport.EmulatorCapabilities;
import io.github.secretresolver.testsupport.EmulatorCapabilities.Feature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Starts real applications against the AWS endpoint of {@link AwsTestEnvironment} (moto, LocalStack
 * or AWS) with the real AWS SDK, and checks what their environment and beans see.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretResolverIT {

	static final String PASSWORD = "s3cr3t-Pässwörd-✓";

	static final String PREVIOUS_PASSWORD = "old-Secret-0815";

	static final String API_KEY = "api-key-7f3a9c";

	static final String TOKEN = "whole-token-b5d1e2";

	static final String HOSTILE = "${user.home}<<resolve:ssm:/x>>#{1+1}\\n\\${y}\t€\u0007\r\n|>>";

	/**
	 * Without an expression, so that it can be embedded in a SpEL template.
	 */
	static final String HOSTILE_WITHOUT_SPEL = "${user.home}<<resolve:ssm:/x>>\\n\\${y}\t€";

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static String prefix;

	private static String secret;

	private static String tokenSecret;

	private static String secretArn;

	@BeforeAll
	static void seed() {
		prefix = AwsTestEnvironment.uniquePrefix();
		secret = "it" + prefix.substring(3) + "/db";
		tokenSecret = "it" + prefix.substring(3) + "/token";
		putParameter("/db-host", "db.internal", ParameterType.STRING);
		putParameter("/db-name", "shop", ParameterType.STRING);
		putParameter("/flags", "v1", ParameterType.STRING);
		putParameter("/flags", "v2", ParameterType.STRING);
		if (EmulatorCapabilities.isSupported(Feature.PARAMETER_LABEL_SELECTORS)) {
			ssm.labelParameterVersion((request) -> request.name(prefix + "/flags").parameterVersion(1L).labels("stable"));
		}
		putParameter("/hosts", "a.example,b.example", ParameterType.STRING_LIST);
		putParameter("/api-key", API_KEY, ParameterType.SECURE_STRING);
		putParameter("/hostile", HOSTILE, ParameterType.SECURE_STRING);
		putParameter("/hostile-no-spel", HOSTILE_WITHOUT_SPEL, ParameterType.SECURE_STRING);
		secretArn = secretsManager.createSecret((request) -> request.name(secret)
			.secretString("{\"username\":\"shop\",\"password\":\"" + PREVIOUS_PASSWORD + "\",\"pool\":{\"max\":10}}"))
			.arn();
		secretsManager.putSecretValue((request) -> request.secretId(secret)
			.secretString("{\"username\":\"shop\",\"password\":\"" + PASSWORD + "\",\"pool\":{\"max\":10}}"));
		secretsManager.createSecret((request) -> request.name(tokenSecret).secretString(TOKEN));
	}

	@AfterAll
	static void closeClients() {
		ssm.close();
		secretsManager.close();
	}

	@Test
	void resolvesEveryReferenceFormFromApplicationYaml() {
		try (ConfigurableApplicationContext context = runWithYaml()) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("it.host")).isEqualTo("db.internal");
			assertThat(environment.getProperty("it.url")).isEqualTo("jdbc:postgresql://db.internal:5432/shop?user=shop");
			assertThat(environment.getProperty("it.user")).isEqualTo("shop");
			assertThat(environment.getProperty("it.password")).isEqualTo(PASSWORD);
			assertThat(environment.getProperty("it.pool-max")).isEqualTo("10");
			assertThat(environment.getProperty("it.previous-password")).isEqualTo(PREVIOUS_PASSWORD);
			assertThat(environment.getProperty("it.whole")).isEqualTo(TOKEN);
			assertThat(environment.getProperty("it.whole-padded")).isEqualTo(TOKEN);
			assertThat(environment.getProperty("it.latest")).isEqualTo("v2");
			assertThat(environment.getProperty("it.list")).isEqualTo("a.example,b.example");
			assertThat(environment.getProperty("it.secure")).isEqualTo(API_KEY);
			assertThat(environment.getProperty("it.optional")).isEqualTo("fallback");
			assertThat(environment.getProperty("it.optional-key")).isEmpty();
			assertThat(environment.getProperty("it.literal")).isEqualTo("plain << resolve:ssm:not-a-reference>> text");
			TestApplications.ItProperties properties = context.getBean(TestApplications.ItProperties.class);
			assertThat(properties.getPassword()).isEqualTo(PASSWORD);
			assertThat(properties.getUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/shop?user=shop");
			assertThat(context.getBean(TestApplications.ValueConsumer.class).password).isEqualTo(PASSWORD);
		}
	}

	@Test
	void resolvesParameterVersionFromApplicationYaml() {
		EmulatorCapabilities.assumeSupported(Feature.PARAMETER_VERSION_SELECTORS);
		try (ConfigurableApplicationContext context = runWithYamlAt("classpath:it/parameter-version-form.yml")) {
			assertThat(context.getEnvironment().getProperty("it.versioned")).isEqualTo("v1");
		}
	}

	@Test
	void resolvesParameterLabelFromApplicationYaml() {
		EmulatorCapabilities.assumeSupported(Feature.PARAMETER_LABEL_SELECTORS);
		try (ConfigurableApplicationContext context = runWithYamlAt("classpath:it/parameter-label-form.yml")) {
			assertThat(context.getEnvironment().getProperty("it.labelled")).isEqualTo("v1");
		}
	}

	@Test
	void resolvesSecretThroughParameterStoreFromApplicationYaml() {
		EmulatorCapabilities.assumeSupported(Feature.SECRETS_MANAGER_PASS_THROUGH);
		try (ConfigurableApplicationContext context = runWithYamlAt("classpath:it/pass-through-form.yml")) {
			assertThat(context.getEnvironment().getProperty("it.pass-through")).isEqualTo(TOKEN);
		}
	}

	@Test
	void keepsThePropertySourceNameAndOriginOfResolvedProperties() {
		try (ConfigurableApplicationContext context = runWithYaml()) {
			var source = context.getEnvironment()
				.getPropertySources()
				.stream()
				.filter((candidate) -> candidate.getName().contains("it/application.yml"))
				.findFirst()
				.orElseThrow();
			assertThat(source.getProperty("it.password")).isEqualTo(PASSWORD);
			assertThat(((OriginLookup<String>) source).getOrigin("it.password")).hasToString(
					"class path resource [it/application.yml] - 6:13");
		}
	}

	@Test
	void fetchesDistinctReferencesWithTheFewestCallsTheApisAllow() {
		Map<String, Object> properties = new HashMap<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			putParameter("/count/p" + i, "value-" + i, ParameterType.STRING);
			names.add(prefix + "/count/p" + i);
			properties.put("count.ssm" + i, "<<resolve:ssm:" + prefix + "/count/p" + i + ">>");
			properties.put("count.duplicate" + i, "x-<<resolve:ssm:" + prefix + "/count/p" + i + ">>-y");
		}
		for (int i = 0; i < 21; i++) {
			String name = "it" + prefix.substring(3) + "/count/s" + i;
			secretsManager.createSecret((request) -> request.name(name).secretString("{\"a\":\"1\",\"b\":\"2\"}"));
			properties.put("count.secret-a" + i, "<<resolve:secretsmanager:" + name + ":SecretString:a>>");
			properties.put("count.secret-b" + i, "<<resolve:secretsmanager:" + name + ":SecretString:b>>");
		}
		properties.put("count.pinned-current", "<<resolve:secretsmanager:" + secret + ":SecretString:password:AWSCURRENT>>");
		properties.put("count.pinned-previous", "<<resolve:secretsmanager:" + secret + "::password:AWSPREVIOUS>>");
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = run(properties)) {
			assertThat(context.getEnvironment().getProperty("count.duplicate22")).isEqualTo("x-value-22-y");
			assertThat(context.getEnvironment().getProperty("count.secret-b20")).isEqualTo("2");
			assertThat(context.getEnvironment().getProperty("count.pinned-previous")).isEqualTo(PREVIOUS_PASSWORD);
		}
		// 23 names in batches of 10; 21 current secrets as a batch of 20 plus a single one; 2
		// pinned versions
		assertThat(AwsCallCounter.snapshot()).containsExactlyInAnyOrderEntriesOf(
				Map.of("GetParameters", 3, "BatchGetSecretValue", 1, "GetSecretValue", 3));
	}

	@Test
	void resolvesArnsIncludingOneInAnotherRegion() {
		Region otherRegion = AwsTestEnvironment.anotherRegion();
		try (SecretsManagerClient westClient = AwsTestEnvironment.configure(SecretsManagerClient.builder(), otherRegion)
			.build()) {
			String westArn = westClient
				.createSecret((request) -> request.name("it" + prefix.substring(3) + "/west").secretString("{\"k\":\"west\"}"))
				.arn();
			assertThat(westArn).contains(":" + otherRegion.id() + ":");
			Map<String, Object> properties = Map.of("arn.local", "<<resolve:secretsmanager:" + secretArn + ":SecretString:password>>",
					"arn.west", "<<resolve:secretsmanager:" + westArn + ":SecretString:k>>");
			try (ConfigurableApplicationContext context = run(properties)) {
				assertThat(context.getEnvironment().getProperty("arn.local")).isEqualTo(PASSWORD);
				assertThat(context.getEnvironment().getProperty("arn.west")).isEqualTo("west");
			}
		}
	}

	@Test
	void resolvesParameterArn() {
		EmulatorCapabilities.assumeSupported(Feature.PARAMETER_ARNS);
		String arn = ssm.getParameter((request) -> request.name(prefix + "/db-host")).parameter().arn();
		try (ConfigurableApplicationContext context = run(Map.of("arn.parameter", "<<resolve:ssm:" + arn + ">>"))) {
			assertThat(context.getEnvironment().getProperty("arn.parameter")).isEqualTo("db.internal");
		}
	}

	@Test
	void resolvesParameterArnWithVersion() {
		EmulatorCapabilities.assumeSupported(Feature.PARAMETER_ARNS, Feature.PARAMETER_VERSION_SELECTORS);
		try (ConfigurableApplicationContext context = run(Map.of("arn.versioned", "<<resolve:ssm:"
				+ ssm.getParameter((request) -> request.name(prefix + "/flags")).parameter().arn() + ":1>>"))) {
			assertThat(context.getEnvironment().getProperty("arn.versioned")).isEqualTo("v1");
		}
	}

	@Test
	void resolvesReferencesInProfileSpecificAndImportedFiles() {
		try (ConfigurableApplicationContext context = runWithYaml("--spring.profiles.active=extra")) {
			assertThat(context.getEnvironment().getProperty("it.from-profile")).isEqualTo("shop");
			assertThat(context.getEnvironment().getProperty("it.from-import")).isEqualTo("shop");
		}
	}

	@Test
	void outageFailsWithinTheBudgetNamingEveryReference() {
		Map<String, Object> properties = Map.of("down.one", "<<resolve:ssm:/down/one>>", "down.two",
				"<<resolve:secretsmanager:down/two>>");
		SpringApplication application = application(properties);
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> application.run(AwsTestEnvironment.springArguments(URI.create("http://127.0.0.1:9"),
					"--secret-resolver.startup-timeout=2s")))
			.satisfies((ex) -> assertThat(ex.getErrors())
				.extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactlyInAnyOrder(tuple("down.one", "SdkClientException"),
						tuple("down.two", "SdkClientException")));
	}

	@Test
	void clientsAreClosedWithTheContext() {
		AwsClients clients;
		try (ConfigurableApplicationContext context = run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/db-host>>"))) {
			clients = context.getBean(AwsClients.class);
			assertThat(clients.size()).isOne();
		}
		assertThat(clients.size()).isZero();
	}

	@Test
	void propertiesSetByTheJvmAreNotResolved() {
		System.setProperty("sun.test.command", "app --x=<<resolve:ssm:/not/configuration>>");
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = run(Map.of())) {
			assertThat(context.getEnvironment().getProperty("sun.test.command")).contains("<<resolve:");
		}
		finally {
			System.clearProperty("sun.test.command");
		}
		assertThat(AwsCallCounter.total()).isZero();
	}

	@Test
	void missingPassThroughNameDoesNotHideTheOthersInItsBatch() {
		try (ConfigurableApplicationContext context = run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/db-host>>",
				"it.optional-secret", "<<resolve:ssm-secure:/aws/reference/secretsmanager/it/no-such-secret|default=none>>"))) {
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
			assertThat(context.getEnvironment().getProperty("it.optional-secret")).isEqualTo("none");
		}
	}

	@Test
	void referenceResolvedAtStartupIsNotFetchedAgainForALaterPropertySource() {
		SpringApplication application = application(Map.of());
		application.addPrimarySources(List.of(AnnotatedPropertySourceConfiguration.class));
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = application.run(AwsTestEnvironment.springArguments(
				"--it.prefix=" + prefix, "--it.same=<<resolve:ssm:" + prefix + "/db-host>>"))) {
			assertThat(context.getEnvironment().getProperty("annotated.host")).isEqualTo("db.internal");
		}
		assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("GetParameters", 1));
	}

	@Test
	void shadowedReferenceIsNeverFetched() {
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = run(
				Map.of("shadow.value", "<<resolve:ssm:" + prefix + "/does-not-exist>>"),
				"--shadow.value=literal")) {
			assertThat(context.getEnvironment().getProperty("shadow.value")).isEqualTo("literal");
		}
		assertThat(AwsCallCounter.total()).isZero();
	}

	@Test
	void environmentVariableReferenceBindsToItsRelaxedName() {
		AwsCallCounter.reset();
		SpringApplication application = application(Map.of("spring.datasource.password", "<<resolve:ssm:" + prefix + "/does-not-exist>>"));
		application.setEnvironment(new StandardEnvironment() {
			@Override
			public Map<String, Object> getSystemEnvironment() {
				Map<String, Object> environment = new HashMap<>(super.getSystemEnvironment());
				environment.put("SPRING_DATASOURCE_PASSWORD", "<<resolve:ssm-secure:" + prefix + "/api-key>>");
				return environment;
			}
		});
		try (ConfigurableApplicationContext context = application.run(AwsTestEnvironment.springArguments())) {
			assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo(API_KEY);
			assertThat(context.getEnvironment().getProperty("SPRING_DATASOURCE_PASSWORD")).isEqualTo(API_KEY);
			assertThat(Binder.get(context.getEnvironment()).bind("spring.datasource.password", String.class).get())
				.isEqualTo(API_KEY);
		}
		assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("GetParameters", 1));
	}

	@Test
	void systemPropertyAndCommandLineReferencesResolve() {
		System.setProperty("it.from-system", "<<resolve:ssm:" + prefix + "/db-name>>");
		try (ConfigurableApplicationContext context = run(Map.of(),
				"--it.from-command-line=<<resolve:ssm:" + prefix + "/db-host>>")) {
			assertThat(context.getEnvironment().getProperty("it.from-system")).isEqualTo("shop");
			assertThat(context.getEnvironment().getProperty("it.from-command-line")).isEqualTo("db.internal");
		}
		finally {
			System.clearProperty("it.from-system");
		}
	}

	@Test
	void propertySourceAddedByAnnotationIsResolved() {
		SpringApplication application = application(Map.of());
		application.addPrimarySources(List.of(AnnotatedPropertySourceConfiguration.class));
		String[] args = AwsTestEnvironment.springArguments("--it.prefix=" + prefix);
		try (ConfigurableApplicationContext context = application.run(args)) {
			assertThat(context.getEnvironment().getProperty("annotated.host")).isEqualTo("db.internal");
			assertThat(context.getBean(AnnotatedPropertySourceConfiguration.class).host).isEqualTo("db.internal");
		}
	}

	@Test
	void valuesAreDeliveredByteForByteWithoutFurtherExpansion() {
		try (ConfigurableApplicationContext context = run(Map.of("it.password", "<<resolve:ssm-secure:" + prefix + "/hostile>>",
				"it.url", "before-<<resolve:ssm-secure:" + prefix + "/hostile>>-after-${it.user}", "it.user", "u",
				"it.value", "<<resolve:ssm-secure:" + prefix + "/hostile-no-spel>>"))) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo(HOSTILE);
			assertThat(context.getEnvironment().getProperty("it.url")).isEqualTo("before-" + HOSTILE + "-after-u");
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo(HOSTILE);
			assertThat(context.getBean(TestApplications.ItProperties.class).getUrl()).isEqualTo("before-" + HOSTILE + "-after-u");
			assertThat(context.getBean(TestApplications.ValueConsumer.class).value).isEqualTo(HOSTILE_WITHOUT_SPEL);
			assertThat(context.getBean(TestApplications.ValueConsumer.class).password).isEqualTo(HOSTILE);
		}
	}

	@Test
	void fetchedExpressionIsNeverEvaluatedInsideALargerSpelTemplate() {
		SpringApplication application = application(
				Map.of("it.password", "<<resolve:ssm-secure:" + prefix + "/hostile>>"));
		application.addPrimarySources(List.of(SpelTemplateConsumer.class));
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> application.run(AwsTestEnvironment.springArguments()))
			.satisfies((ex) -> assertThat(ex).rootCause()
				.hasMessageContaining("contains '#{' and is embedded in a larger SpEL template")
				.hasMessageNotContaining(HOSTILE));
	}

	@Test
	void largeSecretsResolveAndBinarySecretsAreReported() {
		String large = "it" + prefix.substring(3) + "/large";
		String binary = "it" + prefix.substring(3) + "/binary";
		String padding = "x".repeat(60 * 1024);
		secretsManager.createSecret((request) -> request.name(large)
			.secretString("{\"padding\":\"" + padding + "\",\"password\":\"" + PASSWORD + "\"}"));
		secretsManager.createSecret((request) -> request.name(binary)
			.secretBinary(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] { 1, 2, (byte) 0xFF })));
		try (ConfigurableApplicationContext context = run(Map.of("it.large-key",
				"<<resolve:secretsmanager:" + large + ":SecretString:password>>", "it.large",
				"<<resolve:secretsmanager:" + large + ">>"))) {
			assertThat(context.getEnvironment().getProperty("it.large-key")).isEqualTo(PASSWORD);
			assertThat(context.getEnvironment().getProperty("it.large")).hasSizeGreaterThan(60 * 1024).endsWith("\"}");
		}
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("it.binary", "<<resolve:secretsmanager:" + binary + ">>")))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("it.binary", "SecretBinaryNotSupported")));
	}

	@Test
	void reportsEveryFailureAtOnceNamingPropertyAndReferenceButNoValue(CapturedOutput output) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("bad.missing-parameter", "<<resolve:ssm:" + prefix + "/missing>>");
		properties.put("bad.missing-secret", "<<resolve:secretsmanager:it/no-such-secret>>");
		properties.put("bad.missing-key", "<<resolve:secretsmanager:" + secret + ":SecretString:nope>>");
		properties.put("bad.not-json", "<<resolve:secretsmanager:" + tokenSecret + ":SecretString:key>>");
		properties.put("bad.syntax", "<<resolve:ssm:/a:b:c>>");
		properties.put("bad.unclosed", "<<resolve:ssm:/a");
		properties.put("bad.service", "<<resolve:s3:bucket>>");
		properties.put("bad.secure", "<<resolve:ssm:" + prefix + "/api-key>>");
		properties.put("good.password", "<<resolve:secretsmanager:" + secret + ":SecretString:password>>");
		assertThatExceptionOfType(SecretResolutionException.class).isThrownBy(() -> run(properties))
			.satisfies((ex) -> {
				assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
					.containsExactlyInAnyOrder(tuple("bad.missing-parameter", "ParameterNotFound"),
							tuple("bad.missing-secret", "ResourceNotFoundException"),
							tuple("bad.missing-key", "JsonKeyNotFound"),
							tuple("bad.not-json", "SecretNotJson"),
							tuple("bad.syntax", "InvalidReference"),
							tuple("bad.unclosed", "InvalidReference"),
							tuple("bad.service", "InvalidReference"),
							tuple("bad.secure", "SecureStringNotAllowed"));
				assertThat(ex.getMessage()).contains("<<resolve:ssm:" + prefix + "/missing>>")
					.doesNotContain(PASSWORD, PREVIOUS_PASSWORD, API_KEY, TOKEN);
			});
		assertThat(output).contains("APPLICATION FAILED TO START", "bad.missing-parameter", "bad.unclosed",
				"Property:", "Reference:", "Action:", "'|default=VALUE'")
			.doesNotContain(PASSWORD, PREVIOUS_PASSWORD, API_KEY, TOKEN);
	}

	@Test
	void traceLoggingNeverShowsResolvedValues(CapturedOutput output) {
		try (ConfigurableApplicationContext context = runWithYaml("--logging.level.io.github.secretresolver=TRACE",
				"--logging.level.software.amazon.awssdk=DEBUG", "--debug")) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo(PASSWORD);
		}
		assertThat(output).contains("Resolved").doesNotContain(PASSWORD, PREVIOUS_PASSWORD, API_KEY, TOKEN);
	}

	@Test
	void applicationWithoutReferencesCreatesNoClientAndMakesNoCall() {
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = application(Map.of("plain", "value"))
			.run("--spring.cloud.aws.region.static=not-a-region")) {
			// the clients become a bean only once one was created
			assertThat(context.containsBean(SecretResolverEnvironmentPostProcessor.AWS_CLIENTS_BEAN_NAME)).isFalse();
		}
		assertThat(AwsCallCounter.total()).isZero();
	}

	@Test
	void disabledStarterLeavesReferencesAsWritten() {
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = run(Map.of("it.raw", "<<resolve:ssm:/x>>"),
				"--secret-resolver.enabled=false", "--secret-resolver.when-disabled=pass-through")) {
			assertThat(context.getEnvironment().getProperty("it.raw")).isEqualTo("<<resolve:ssm:/x>>");
			assertThat(context.containsBean(SecretResolverEnvironmentPostProcessor.AWS_CLIENTS_BEAN_NAME)).isFalse();
		}
		assertThat(AwsCallCounter.total()).isZero();
	}

	private ConfigurableApplicationContext runWithYaml(String... extraArgs) {
		return runWithYamlAt("classpath:it/application.yml", extraArgs);
	}

	private ConfigurableApplicationContext runWithYamlAt(String location, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--spring.config.location=" + location,
				"--it.prefix=" + prefix, "--it.secret=" + secret, "--it.token-secret=" + tokenSecret));
		args.addAll(List.of(extraArgs));
		return run(Map.of(), args.toArray(String[]::new));
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties, String... extraArgs) {
		return TestApplications.run(properties, extraArgs);
	}

	private static SpringApplication application(Map<String, Object> properties) {
		return TestApplications.application(properties);
	}

	private static void putParameter(String name, String value, ParameterType type) {
		ssm.putParameter((request) -> request.name(prefix + name).value(value).type(type).overwrite(true));
	}

	static class SpelTemplateConsumer {

		@Value("#{'${it.password}'.length()}")
		int length;

	}

	@Configuration(proxyBeanMethods = false)
	@PropertySource("classpath:it/annotated.properties")
	static class AnnotatedPropertySourceConfiguration {

		@Value("${annotated.host}")
		String host;

	}

}
