package io.github.secretresolver.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.metrics.SecretResolverMetrics;
import io.github.secretresolver.refresh.SecretRefresher;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint;
import io.github.secretresolver.health.SecretsHealthIndicator;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotates values in AWS (moto) under a running application and checks that refreshes (scheduled,
 * actuator) deliver them to the environment and to {@code @ConfigurationProperties} beans, and
 * that failures keep the last good values.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretRefreshIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static final WireMockServer proxy = new WireMockServer(options().dynamicPort());

	private String prefix;

	private String secret;

	@BeforeAll
	static void startProxy() {
		proxy.start();
	}

	@AfterAll
	static void stop() {
		proxy.stop();
		ssm.close();
		secretsManager.close();
	}

	@BeforeEach
	void seed() {
		this.prefix = AwsTestEnvironment.uniquePrefix();
		this.secret = "it" + this.prefix.substring(3) + "/rotating";
		ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-1").type(ParameterType.STRING));
		secretsManager.createSecret((request) -> request.name(this.secret).secretString(credentials("shop", "pw-1")));
		proxy.resetAll();
		proxy.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
	}

	@Test
	void scheduledRefreshDeliversRotatedValuesToEnvironmentAndConfigurationProperties() throws Exception {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.parameter-store-interval=1s",
				"--secret-resolver.refresh.secrets-manager-interval=1s", "--secret-resolver.refresh.jitter=0")) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
			rotate("db-2", "pw-2");
			TestApplications.awaitProperty(context, "it.password", "pw-2");
			assertThat(context.getEnvironment().getProperty("it.url")).isEqualTo("jdbc://db-2/shop");
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo("pw-2");
			assertThat(context.getBean(TestApplications.ItProperties.class).getUrl()).isEqualTo("jdbc://db-2/shop");
			List<SecretsRefreshedEvent> events = context.getBean(RefreshEvents.class).events;
			assertThat(events).flatExtracting(SecretsRefreshedEvent::getChangedProperties)
				.contains("it.password", "it.url");
			assertThat(events.toString()).doesNotContain("pw-2");
		}
	}

	@Test
	void referenceWithItsOwnIntervalIsRefreshedOnIt() throws Exception {
		ssm.putParameter((request) -> request.name(this.prefix + "/flag").value("flag-1").type(ParameterType.STRING));
		try (ConfigurableApplicationContext context = run(
				Map.of("it.flag", "<<resolve:ssm:" + this.prefix + "/flag|ttl=1s>>"))) {
			var flag = context.getBean(SecretsEndpoint.class).property("it.flag").references().get(0);
			var url = context.getBean(SecretsEndpoint.class).property("it.url").references().get(0);
			assertThat(Duration.between(java.time.Instant.now(), flag.nextRefresh())).isLessThan(Duration.ofSeconds(2));
			assertThat(Duration.between(java.time.Instant.now(), url.nextRefresh())).isGreaterThan(Duration.ofMinutes(8));
			ssm.putParameter((request) -> request.name(this.prefix + "/flag").value("flag-2").type(ParameterType.STRING)
				.overwrite(true));
			TestApplications.awaitProperty(context, "it.flag", "flag-2");
		}
	}

	@Test
	void refreshScopedBeansAreRecreatedWithTheNewValue() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false")) {
			RefreshScopedClient client = context.getBean(RefreshScopedClient.class);
			assertThat(client.password()).isEqualTo("pw-1");
			rotate("db-8", "pw-8");
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(client.password()).isEqualTo("pw-8");
		}
	}

	@Test
	void actuatorRefreshDeliversNewValuesNowAndNeverShowsThem() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false")) {
			SecretsEndpoint endpoint = context.getBean(SecretsEndpoint.class);
			rotate("db-3", "pw-3");
			SecretsEndpoint.RefreshDescriptor refresh = endpoint.refresh();
			assertThat(refresh.changedProperties()).containsExactlyInAnyOrder("it.password", "it.url");
			assertThat(refresh.failedReferences()).isEmpty();
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-3");
			String listing = json.writeValueAsString(endpoint.secrets());
			assertThat(listing).contains(this.secret, "it.password", "\"service\":\"secretsmanager\"", "\"lastRefresh\"")
				.doesNotContain("pw-3", "pw-1", "db-3");
			assertThat(endpoint.property("it.url").references()).hasSize(1);
			assertThat(endpoint.property("no.such.property")).isNull();
		}
	}

	@Test
	void refreshOfOneProperty() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false")) {
			rotate("db-4", "pw-4");
			AwsCallCounter.reset();
			SecretsEndpoint.RefreshDescriptor refresh = context.getBean(SecretsEndpoint.class).refreshProperty("it.url");
			assertThat(refresh.changedProperties()).containsExactly("it.url");
			assertThat(context.getEnvironment().getProperty("it.url")).isEqualTo("jdbc://db-4/shop");
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
			assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("GetParameters", 1));
		}
	}

	@Test
	void unchangedRefreshMakesTheFewestCallsAndPublishesNothing() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false")) {
			AwsCallCounter.reset();
			var result = context.getBean(SecretRefresher.class).refreshAll();
			assertThat(result.changedProperties()).isEmpty();
			assertThat(context.getBean(RefreshEvents.class).events).isEmpty();
			assertThat(AwsCallCounter.snapshot())
				.containsExactlyInAnyOrderEntriesOf(Map.of("GetParameters", 1, "GetSecretValue", 1));
		}
	}

	@Test
	void failedRefreshKeepsLastGoodValuesAndReportsStaleness(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false",
				"--secret-resolver.refresh.max-staleness=0s", "--secret-resolver.refresh.timeout=1s")) {
			rotate("db-5", "pw-5");
			proxy.stubFor(any(anyUrl()).atPriority(1)
				.willReturn(aResponse().withStatus(500).withBody("{\"__type\":\"InternalServerError\"}")));
			var result = context.getBean(SecretRefresher.class).refreshAll();
			assertThat(result.transientFailure()).isTrue();
			assertThat(result.failed()).hasSize(2);
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
			assertThat(context.getEnvironment().getProperty("it.url")).isEqualTo("jdbc://db-1/shop");
			assertThat(context.getBean(TestApplications.ItProperties.class).getPassword()).isEqualTo("pw-1");
			SecretsEndpoint.SecretsDescriptor listing = context.getBean(SecretsEndpoint.class).secrets();
			assertThat(listing.references()).allSatisfy((reference) -> {
				assertThat(reference.lastError()).isEqualTo("InternalServerError");
				assertThat(reference.stale()).isTrue();
			});
			var health = context.getBean(SecretsHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(SecretsHealthIndicator.STALE);
			proxy.resetAll();
			proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
			var recovered = context.getBean(SecretRefresher.class).refreshAll();
			assertThat(recovered.failed()).isEmpty();
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-5");
			assertThat(context.getBean(SecretsHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
		}
		assertThat(output).contains("InternalServerError").doesNotContain("pw-5").doesNotContain("pw-1");
	}

	@Test
	void metricsCountRefreshesAndFailuresWithoutValues() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false",
				"--secret-resolver.refresh.timeout=1s")) {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SecretResolverMetrics.class).bindTo(registry);
			SecretRefresher refresher = context.getBean(SecretRefresher.class);
			rotate("db-7", "pw-7");
			refresher.refreshAll();
			proxy.stubFor(any(anyUrl()).atPriority(1)
				.willReturn(aResponse().withStatus(400)
					.withHeader("Content-Type", "application/x-amz-json-1.1")
					.withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));
			refresher.refreshAll();
			assertThat(registry.get("secret.resolver.references").tag("service", "ssm").gauge().value()).isOne();
			assertThat(registry.get("secret.resolver.references").tag("service", "secretsmanager").gauge().value())
				.isOne();
			assertThat(registry.get("secret.resolver.references.failing").gauge().value()).isEqualTo(2);
			assertThat(registry.get("secret.resolver.refresh").tag("outcome", "changed").timer().count()).isOne();
			assertThat(registry.get("secret.resolver.refresh").tag("outcome", "failed").timer().count()).isOne();
			assertThat(registry.get("secret.resolver.refresh.failures")
				.tags("service", "secretsmanager", "error", "ThrottlingException")
				.counter()
				.count()).isOne();
			assertThat(registry.getMetersAsString()).doesNotContain("pw-7", "db-7", this.secret);
		}
	}

	@Test
	void repeatedTransientFailuresOpenTheCircuitBreakerAndStopCalls() {
		try (ConfigurableApplicationContext context = run("--secret-resolver.refresh.enabled=false",
				"--secret-resolver.refresh.timeout=1s")) {
			proxy.stubFor(any(anyUrl()).atPriority(1)
				.willReturn(aResponse().withStatus(503).withBody("{\"__type\":\"ServiceUnavailable\"}")));
			SecretRefresher refresher = context.getBean(SecretRefresher.class);
			refresher.refreshAll();
			refresher.refreshAll();
			assertThat(refresher.isCallingAws()).isTrue();
			refresher.refreshAll();
			assertThat(refresher.isCallingAws()).isFalse();
			AwsCallCounter.reset();
			refresher.refreshAll();
			assertThat(AwsCallCounter.total()).isZero();
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("pw-1");
		}
	}

	@Test
	void optionalReferenceFallsBackToItsDefaultWhenTheValueIsDeleted() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("it.flag", "<<resolve:ssm:" + this.prefix + "/flag|default=off>>");
		ssm.putParameter((request) -> request.name(this.prefix + "/flag").value("on").type(ParameterType.STRING));
		try (ConfigurableApplicationContext context = run(properties, "--secret-resolver.refresh.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("it.flag")).isEqualTo("on");
			ssm.deleteParameter((request) -> request.name(this.prefix + "/flag"));
			var result = context.getBean(SecretRefresher.class).refreshAll();
			assertThat(context.getEnvironment().getProperty("it.flag")).isEqualTo("off");
			assertThat(result.failed()).as("a missing optional value is not a failure").isEmpty();
			assertThat(context.getBean(SecretsEndpoint.class).property("it.flag").references())
				.singleElement()
				.satisfies((reference) -> assertThat(reference.lastError()).isNull());
		}
	}

	@Test
	void environmentVariableReferenceServesTheRefreshedValue() {
		SpringApplication application = application(Map.of());
		application.setEnvironment(new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				Map<String, Object> environment = new HashMap<>(super.getSystemEnvironment());
				environment.put("IT_FROM_ENVIRONMENT", "<<resolve:secretsmanager:" + SecretRefreshIT.this.secret
						+ ":SecretString:password>>");
				return environment;
			}

		});
		try (ConfigurableApplicationContext context = application.run(arguments("--secret-resolver.refresh.enabled=false"))) {
			assertThat(context.getEnvironment().getProperty("it.from-environment")).isEqualTo("pw-1");
			rotate("db-6", "pw-6");
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(context.getEnvironment().getProperty("it.from-environment")).isEqualTo("pw-6");
			assertThat(Binder.get(context.getEnvironment()).bind("it.from-environment", String.class).get())
				.isEqualTo("pw-6");
		}
	}

	private void rotate(String host, String password) {
		ssm.putParameter((request) -> request.name(this.prefix + "/host").value(host).type(ParameterType.STRING)
			.overwrite(true));
		secretsManager.putSecretValue((request) -> request.secretId(this.secret).secretString(credentials("shop", password)));
	}

	private static String credentials(String username, String password) {
		return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
	}

	private ConfigurableApplicationContext run(String... extraArgs) {
		return run(Map.of(), extraArgs);
	}

	private ConfigurableApplicationContext run(Map<String, Object> extraProperties, String... extraArgs) {
		return application(extraProperties).run(arguments(extraArgs));
	}

	private SpringApplication application(Map<String, Object> extraProperties) {
		Map<String, Object> properties = new HashMap<>(extraProperties);
		properties.put("it.password", "<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>");
		properties.put("it.url", "jdbc://<<resolve:ssm:" + this.prefix + "/host>>/shop");
		SpringApplication application = new SpringApplication(RefreshConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(properties);
		return application;
	}

	private static String[] arguments(String... extraArgs) {
		List<String> args = new ArrayList<>(List.of(extraArgs));
		args.add("--management.endpoints.web.exposure.include=secrets");
		return AwsTestEnvironment.springArguments(URI.create(proxy.baseUrl()), args.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
			RefreshAutoConfiguration.class, ConfigurationPropertiesRebinderAutoConfiguration.class,
			SecretResolverAutoConfiguration.class, SecretsEndpointAutoConfiguration.class,
			SecretsHealthIndicatorAutoConfiguration.class })
	@EnableConfigurationProperties(TestApplications.ItProperties.class)
	static class RefreshConfiguration {

		@Bean
		RefreshEvents refreshEvents() {
			return new RefreshEvents();
		}

		@Bean
		@RefreshScope
		RefreshScopedClient refreshScopedClient(@Value("${it.password}") String password) {
			return new RefreshScopedClient(password);
		}

	}

	static class RefreshScopedClient {

		private final String password;

		RefreshScopedClient(String password) {
			this.password = password;
		}

		String password() {
			return this.password;
		}

	}

	static class RefreshEvents implements ApplicationListener<SecretsRefreshedEvent> {

		final List<SecretsRefreshedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SecretsRefreshedEvent event) {
			this.events.add(event);
		}

	}

}
