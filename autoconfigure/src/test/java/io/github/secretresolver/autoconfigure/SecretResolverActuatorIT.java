package io.github.secretresolver.autoconfigure;

import java.util.List;

import io.github.secretresolver.actuate.ResolvedValueSanitizingFunction;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what actuator's {@code env} and {@code configprops} endpoints show of resolved values
 * when their {@code show-values} setting is {@code always}.
 */
class SecretResolverActuatorIT {

	private static final String PASSWORD = "actuator-Secret-9d4e";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static String prefix;

	@BeforeAll
	static void seed() {
		prefix = AwsTestEnvironment.uniquePrefix();
		ssm.putParameter((request) -> request.name(prefix + "/password").value(PASSWORD).type(ParameterType.SECURE_STRING));
		ssm.putParameter((request) -> request.name(prefix + "/host").value("db.internal").type(ParameterType.STRING));
	}

	@AfterAll
	static void closeClients() {
		ssm.close();
	}

	@Test
	void environmentEndpointMasksResolvedValuesAndValuesThatReachThemThroughPlaceholders() {
		try (ConfigurableApplicationContext context = run()) {
			String body = json.writeValueAsString(environmentEndpoint(context).environment(null));
			assertThat(body).doesNotContain(PASSWORD).doesNotContain("db.internal").contains("******");
			String entry = json.writeValueAsString(environmentEndpoint(context).environmentEntry("it.password"));
			assertThat(entry).doesNotContain(PASSWORD).contains("******");
			String alias = json.writeValueAsString(environmentEndpoint(context).environmentEntry("it.alias"));
			assertThat(alias).doesNotContain(PASSWORD).contains("******");
		}
	}

	@Test
	void environmentEndpointKeepsTheOriginOfResolvedProperties() {
		try (ConfigurableApplicationContext context = run()) {
			String entry = json.writeValueAsString(environmentEndpoint(context).environmentEntry("it.password"));
			assertThat(entry).contains("\"origin\":\"class path resource [it/actuator.yml] - 3:13\"");
		}
	}

	@Test
	void configpropsEndpointMasksResolvedValues() {
		try (ConfigurableApplicationContext context = run()) {
			ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(
					sanitizingFunctions(context), Show.ALWAYS);
			endpoint.setApplicationContext(context);
			String body = json.writeValueAsString(endpoint.configurationProperties());
			assertThat(body).contains("\"prefix\":\"it\"").contains("\"password\":\"******\"").doesNotContain(PASSWORD).contains("******");
		}
	}

	@Test
	void configpropsMasksSecretsBoundToListsAndSecretsContainingPlaceholders() {
		ssm.putParameter((request) -> request.name(prefix + "/keys").value("alphaSECRET1,betaSECRET2")
			.type(ParameterType.SECURE_STRING).overwrite(true));
		ssm.putParameter((request) -> request.name(prefix + "/tricky").value("pa${x}SECRET4")
			.type(ParameterType.SECURE_STRING).overwrite(true));
		try (ConfigurableApplicationContext context = run("--tricky.keys=<<resolve:ssm-secure:" + prefix + "/keys>>",
				"--tricky.value=<<resolve:ssm-secure:" + prefix + "/tricky>>")) {
			ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(
					sanitizingFunctions(context), Show.ALWAYS);
			endpoint.setApplicationContext(context);
			String body = json.writeValueAsString(endpoint.configurationProperties());
			assertThat(body).contains("\"prefix\":\"tricky\"")
				.doesNotContain("alphaSECRET1", "betaSECRET2", "SECRET4");
		}
	}

	@Test
	void resolvedValuesAreShownOnlyWhenTheStarterPropertyAllowsIt() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.actuator.show-resolved-values=true")) {
			assertThat(context.getBeanProvider(ResolvedValueSanitizingFunction.class).getIfAvailable()).isNull();
			String entry = json.writeValueAsString(environmentEndpoint(context).environmentEntry("it.password"));
			assertThat(entry).contains(PASSWORD);
		}
	}

	private static EnvironmentEndpoint environmentEndpoint(ConfigurableApplicationContext context) {
		return new EnvironmentEndpoint(context.getEnvironment(), sanitizingFunctions(context), Show.ALWAYS);
	}

	private static List<SanitizingFunction> sanitizingFunctions(ConfigurableApplicationContext context) {
		return context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
	}

	private static ConfigurableApplicationContext run(String... extraArgs) {
		SpringApplication application = new SpringApplication(ActuatorConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> args = new java.util.ArrayList<>(
				List.of("--spring.config.location=classpath:it/actuator.yml", "--it.prefix=" + prefix));
		args.addAll(List.of(extraArgs));
		return application.run(AwsTestEnvironment.springArguments(args.toArray(String[]::new)));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
			SecretResolverAutoConfiguration.class, SecretResolverActuatorAutoConfiguration.class })
	@EnableConfigurationProperties({ TestApplications.ItProperties.class, TrickyProperties.class })
	static class ActuatorConfiguration {

	}

	@org.springframework.boot.context.properties.ConfigurationProperties("tricky")
	static class TrickyProperties {

		private java.util.List<String> keys = new java.util.ArrayList<>();

		private String value;

		public java.util.List<String> getKeys() {
			return this.keys;
		}

		public void setKeys(java.util.List<String> keys) {
			this.keys = keys;
		}

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

}
