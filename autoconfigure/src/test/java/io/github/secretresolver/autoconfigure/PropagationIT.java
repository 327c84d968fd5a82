package io.github.secretresolver.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.actuate.ResolvedValueSanitizingFunction;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint.ReferenceDescriptor;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.beans.ConfigurationPropertiesRebinder;
import io.github.secretresolver.refresh.beans.RefreshReach;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation reaches the beans: with Spring Boot alone (JavaBean {@code @ConfigurationProperties}
 * beans rebound, and only those that use a changed property; constructor-bound beans and
 * {@code @Value} injections named as not reached), and with Spring Cloud Context, whose own
 * {@code /actuator/refresh} must leave the starter working, leak nothing and unmask nothing.
 */
class PropagationIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private String prefix;

	private String secret;

	@BeforeEach
	void seed() {
		this.prefix = AwsTestEnvironment.uniquePrefix();
		this.secret = "it" + this.prefix.substring(3) + "/db";
		ssm.putParameter((request) -> request.name(this.prefix + "/param").value("v1").type(ParameterType.STRING));
		secretsManager.createSecret((request) -> request.name(this.secret).secretString(credentials("shop", "pw-1")));
		UnrelatedProperties.setterCalls.set(0);
	}

	@AfterAll
	static void closeClients() {
		ssm.close();
		secretsManager.close();
	}

	@Test
	void rotationReachesJavaBeanPropertiesWithSpringBootAloneAndOnlyThoseThatUseIt() {
		try (ConfigurableApplicationContext context = run(BootOnlyConfiguration.class)) {
			DbProperties db = context.getBean(DbProperties.class);
			assertThat(db.getPassword()).isEqualTo("pw-1");
			assertThat(context.getBean(ComposedProperties.class).getComposed()).isEqualTo("x-v1-y");
			int unrelatedCalls = UnrelatedProperties.setterCalls.get();
			List<SecretsRefreshedEvent> events = context.getBean(Events.class).events;
			rotate("v2", "shop-2", "pw-2");
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(db.getUsername()).isEqualTo("shop-2");
			assertThat(db.getPassword()).isEqualTo("pw-2");
			assertThat(context.getBean(ComposedProperties.class).getComposed()).isEqualTo("x-v2-y");
			assertThat(UnrelatedProperties.setterCalls).hasValue(unrelatedCalls);
			assertThat(events).singleElement()
				.satisfies((event) -> assertThat(event.getChangedProperties()).contains("it.db.username",
						"it.db.password", "it.param", "it.composed"));
			assertThat(context.getBean(RecordProperties.class).password()).isEqualTo("pw-1");
			assertThat(context.getBean(ValueReader.class).password).isEqualTo("pw-1");
		}
	}

	@Test
	void beansARefreshCannotReachAreNamedWithoutValues() {
		try (ConfigurableApplicationContext context = run(BootOnlyConfiguration.class)) {
			Map<String, List<String>> notReached = context.getBean(RefreshReach.class)
				.notReached(java.util.Set.of("it.db.password", "it.record.password"));
			assertThat(notReached.get("it.record.password")).singleElement()
				.satisfies((bean) -> assertThat(bean).contains("it.record-").contains("constructor-bound"));
			assertThat(notReached.get("it.db.password")).singleElement()
				.satisfies((bean) -> assertThat(bean).contains("valueReader").contains("@Value on field password"));
			SecretsEndpoint endpoint = new SecretsEndpoint(context.getBean(ReferenceResolver.class).states(),
					context.getBean(SecretRefresher.class), null, context.getBean(RefreshReach.class), Duration.ofHours(1),
					Clock.systemUTC());
			String body = json.writeValueAsString(endpoint.secrets());
			assertThat(body).contains("valueReader").doesNotContain("pw-1");
			assertThat(endpoint.secrets().references()).filteredOn((reference) -> reference.properties()
				.contains("it.db.password")).flatExtracting(ReferenceDescriptor::notRefreshed).isNotEmpty();
		}
	}

	@Test
	void springCloudRefreshesLeaveTheStarterWorkingLeakingNothingAndUnmaskingNothing() {
		try (ConfigurableApplicationContext context = run(SpringCloudConfiguration.class)) {
			ContextRefresher refresher = context.getBean(ContextRefresher.class);
			refresher.refresh();
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			int clients = context.getBean(AwsClients.class).size();
			AwsCallCounter.reset();
			for (int refresh = 0; refresh < 20; refresh++) {
				refresher.refresh();
			}
			assertThat(AwsCallCounter.total()).isZero();
			assertThat(context.getBean(AwsClients.class).size()).isEqualTo(clients);
			// a liveness margin for unrelated JVM threads, not 160 leaked ones
			assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threads + 5);
			rotate("v2", "shop-2", "pw-2");
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(context.getEnvironment().getProperty("it.db.password")).isEqualTo("pw-2");
			assertThat(context.getBean(DbProperties.class).getPassword()).isEqualTo("pw-2");
			assertThat(context.getBean(ComposedProperties.class).getComposed()).isEqualTo("x-v2-y");
			assertThat(context.getBean(RefreshScopedClient.class).password()).isEqualTo("pw-2");
			assertThat(context.getBean(ConfigurationPropertiesRebinder.class).reboundCount()).isZero();
			EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(),
					List.of(new ResolvedValueSanitizingFunction(
							context.getBean(ReferenceResolver.class).secretProperties())),
					Show.ALWAYS);
			for (String name : List.of("it.composed", "it.db.password", "it.param")) {
				String entry = json.writeValueAsString(env.environmentEntry(name));
				assertThat(entry).doesNotContain("pw-2").doesNotContain("x-v2-y").doesNotContain("\"v2\"").contains("******");
			}
		}
	}

	private void rotate(String param, String username, String password) {
		ssm.putParameter((request) -> request.name(this.prefix + "/param").value(param).type(ParameterType.STRING)
			.overwrite(true));
		secretsManager.putSecretValue((request) -> request.secretId(this.secret).secretString(credentials(username, password)));
	}

	private static String credentials(String username, String password) {
		return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
	}

	private ConfigurableApplicationContext run(Class<?> configuration) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("it.db.username",
				"<<resolve:secretsmanager:" + this.secret + ":SecretString:username>>", "it.db.password",
				"<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>", "it.record.password",
				"<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>", "it.param",
				"<<resolve:ssm:" + this.prefix + "/param>>", "it.composed", "x-${it.param}-y", "it.unrelated.name",
				"plain"));
		return application.run(AwsTestEnvironment.springArguments("--secret-resolver.refresh.enabled=false"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
			SecretResolverAutoConfiguration.class })
	@EnableConfigurationProperties({ DbProperties.class, ComposedProperties.class, UnrelatedProperties.class,
			RecordProperties.class })
	static class BootOnlyConfiguration {

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		ValueReader valueReader() {
			return new ValueReader();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
			RefreshAutoConfiguration.class, ConfigurationPropertiesRebinderAutoConfiguration.class,
			SecretResolverAutoConfiguration.class })
	@EnableConfigurationProperties({ DbProperties.class, ComposedProperties.class, UnrelatedProperties.class })
	static class SpringCloudConfiguration {

		@Bean
		@RefreshScope
		RefreshScopedClient refreshScopedClient(@Value("${it.db.password}") String password) {
			return new RefreshScopedClient(password);
		}

	}

	static class Events implements ApplicationListener<SecretsRefreshedEvent> {

		final List<SecretsRefreshedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SecretsRefreshedEvent event) {
			this.events.add(event);
		}

	}

	static class ValueReader {

		@Value("${it.db.password}")
		String password;

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

	@ConfigurationProperties("it.db")
	static class DbProperties {

		private String username;

		private String password;

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

	@ConfigurationProperties("it")
	static class ComposedProperties {

		private String composed;

		public String getComposed() {
			return this.composed;
		}

		public void setComposed(String composed) {
			this.composed = composed;
		}

	}

	@ConfigurationProperties("it.unrelated")
	static class UnrelatedProperties {

		static final AtomicInteger setterCalls = new AtomicInteger();

		private String name;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			setterCalls.incrementAndGet();
			this.name = name;
		}

	}

	@ConfigurationProperties("it.record")
	record RecordProperties(String password) {
	}

}
