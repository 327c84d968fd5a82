package io.github.secretresolver.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.metrics.SecretResolverMetrics;
import io.github.secretresolver.refresh.SecretRefresher;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.secretresolver.actuate.ResolvedValueSanitizingFunction;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint;
import io.github.secretresolver.health.SecretsHealthIndicator;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One suite that drives the starter through startup, refreshes that change and that fail, a failed
 * startup and KMS decryption, with every logger of the project at TRACE and the AWS SDK at DEBUG,
 * and then scans everything it can observe for a set of known secret values: the log output,
 * exception messages and stack traces, the {@code env}, {@code configprops}, {@code secrets},
 * {@code health} and metrics output, and the {@code toString()} of the project's objects.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakIT {

	private static final String SECURE_PARAMETER = "leak-ssm-Secure-8f2a";

	private static final String PASSWORD = "leak-sm-Password-41bd";

	private static final String ROTATED_PASSWORD = "leak-sm-Rotated-77c1";

	private static final String KMS_PLAINTEXT = "leak-kms-Plaintext-3e9d";

	private static final List<String> SECRETS = List.of(SECURE_PARAMETER, PASSWORD, ROTATED_PASSWORD, KMS_PLAINTEXT);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer proxy = new WireMockServer(options().dynamicPort());

	private final List<String> observed = new ArrayList<>();

	private String prefix;

	private String secret;

	private String kmsCiphertext;

	@BeforeEach
	void seed() {
		this.prefix = AwsTestEnvironment.uniquePrefix();
		this.secret = "it" + this.prefix.substring(3) + "/leak";
		try (SsmClient ssm = AwsTestEnvironment.ssm(); SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			ssm.putParameter((request) -> request.name(this.prefix + "/key").value(SECURE_PARAMETER)
				.type(ParameterType.SECURE_STRING));
			secretsManager.createSecret((request) -> request.name(this.secret)
				.secretString("{\"username\":\"shop\",\"password\":\"" + PASSWORD + "\"}"));
		}
		try (KmsClient kms = AwsTestEnvironment.kms()) {
			String key = kms.createKey((request) -> request.description("leak test")).keyMetadata().arn();
			this.kmsCiphertext = Base64.getEncoder()
				.encodeToString(kms.encrypt((request) -> request.keyId(key)
					.plaintext(SdkBytes.fromUtf8String(KMS_PLAINTEXT))
					.encryptionContext(Map.of("app", "shop"))).ciphertextBlob().asByteArray());
		}
		this.proxy.start();
		this.proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
	}

	@AfterEach
	void stopProxy() {
		this.proxy.stop();
	}

	@Test
	void noKnownSecretIsObservableAnywhere(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application(properties()).run(arguments())) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo(PASSWORD);
			assertThat(context.getEnvironment().getProperty("it.token")).isEqualTo(KMS_PLAINTEXT);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SecretResolverMetrics.class).bindTo(registry);
			SecretRefresher refresher = context.getBean(SecretRefresher.class);
			SecretsEndpoint endpoint = context.getBean(SecretsEndpoint.class);
			try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
				secretsManager.putSecretValue((request) -> request.secretId(this.secret)
					.secretString("{\"username\":\"shop\",\"password\":\"" + ROTATED_PASSWORD + "\"}"));
			}
			observe(endpoint.refresh());
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo(ROTATED_PASSWORD);
			this.proxy.stubFor(any(anyUrl()).atPriority(1)
				.willReturn(aResponse().withStatus(500).withBody("{\"__type\":\"InternalServerError\"}")));
			observe(refresher.refreshAll());
			observe(endpoint.refresh());
			observe(endpoint.secrets());
			observe(endpoint.property("it.password"));
			observe(context.getBean(SecretsHealthIndicator.class).health(true));
			List<SanitizingFunction> sanitizers = List.of(context.getBean(ResolvedValueSanitizingFunction.class));
			observe(new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS).environment(null));
			ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(sanitizers,
					Show.ALWAYS);
			configprops.setApplicationContext(context);
			observe(configprops.configurationProperties());
			this.observed.add(registry.getMetersAsString());
			ReferenceResolver resolver = context.getBean(ReferenceResolver.class);
			this.observed.add(resolver.toString());
			this.observed.add(resolver.states().current().toString());
			this.observed.add(context.getBean(ResolvedValues.class).toString());
			this.observed.add(context.getEnvironment().toString());
			context.getEnvironment().getPropertySources().forEach((source) -> this.observed.add(source.toString()));
			this.observed.add(new SecretsRefreshedEvent(this, java.util.Set.of("it.password")).toString());
		}
		Map<String, Object> broken = new HashMap<>(properties());
		broken.put("it.missing", "<<resolve:ssm:" + this.prefix + "/missing>>");
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> application(broken).run(arguments()))
			.satisfies((ex) -> {
				StringWriter trace = new StringWriter();
				ex.printStackTrace(new PrintWriter(trace));
				this.observed.add(trace.toString());
				this.observed.add(ex.getErrors().toString());
			});
		this.observed.add(output.toString());
		assertThat(output.toString()).contains("Resolved", "InternalServerError", "APPLICATION FAILED TO START");
		assertThat(this.observed).hasSizeGreaterThan(15).allSatisfy((text) -> {
			for (String secret : SECRETS) {
				assertThat(text).doesNotContain(secret);
			}
		});
	}

	private void observe(Object response) {
		this.observed.add(json.writeValueAsString(response));
		this.observed.add(String.valueOf(response));
	}

	private Map<String, Object> properties() {
		return Map.of("it.password", "<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>", "it.url",
				"jdbc://db/shop?user=<<resolve:secretsmanager:" + this.secret
						+ ":SecretString:username>>&key=<<resolve:ssm-secure:" + this.prefix + "/key>>",
				"it.token", "<<resolve:kms:" + this.kmsCiphertext + ":app=shop>>", "it.alias", "${it.password}");
	}

	private String[] arguments() {
		return AwsTestEnvironment.springArguments(URI.create(this.proxy.baseUrl()), "--secret-resolver.refresh.enabled=false",
				"--secret-resolver.refresh.timeout=1s", "--secret-resolver.startup-timeout=2s", "--logging.level.io.github.secretresolver=TRACE",
				"--logging.level.software.amazon.awssdk=DEBUG", "--logging.level.org.springframework.core.env=DEBUG",
				"--management.endpoints.web.exposure.include=*", "--debug");
	}

	private static SpringApplication application(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(LeakConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(properties);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
			SecretResolverAutoConfiguration.class, SecretResolverActuatorAutoConfiguration.class,
			SecretsEndpointAutoConfiguration.class, SecretsHealthIndicatorAutoConfiguration.class })
	@EnableConfigurationProperties(TestApplications.ItProperties.class)
	static class LeakConfiguration {

	}

}
