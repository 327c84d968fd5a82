package io.github.secretresolver.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.testsupport.AwsTestEnvironment;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small non-web applications the integration tests start: the starter's auto-configuration, an
 * {@code it.*} properties bean and a bean with {@code @Value} fields.
 */
final class TestApplications {

	private TestApplications() {
	}

	/**
	 * Create the test application with default properties (the lowest-precedence source).
	 * @param defaultProperties the default properties
	 * @return the application
	 */
	static SpringApplication application(Map<String, Object> defaultProperties) {
		SpringApplication application = new SpringApplication(ItConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(defaultProperties);
		return application;
	}

	/**
	 * Run the test application against the test AWS endpoint.
	 * @param defaultProperties the default properties
	 * @param extraArguments more command-line arguments
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(Map<String, Object> defaultProperties, String... extraArguments) {
		return application(defaultProperties).run(AwsTestEnvironment.springArguments(extraArguments));
	}

	/**
	 * Register what the environment post-processor hands over when references were resolved,
	 * for tests of the auto-configurations with an {@code ApplicationContextRunner}.
	 * @return the initializer
	 */
	static ApplicationContextInitializer<ConfigurableApplicationContext> handedOver() {
		return (context) -> {
			ReferenceResolver resolver = new ReferenceResolver((references) -> {
				throw new IllegalStateException("not expected");
			}, Clock.systemUTC());
			context.getBeanFactory()
				.registerSingleton(SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME,
						resolver.resolvedValues());
			context.getBeanFactory().registerSingleton(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME, resolver);
		};
	}

	/**
	 * Wait up to 30 seconds for a property to take a value, then assert it.
	 * @param context the application
	 * @param name the property name
	 * @param expected the value
	 * @throws InterruptedException if interrupted while waiting
	 */
	static void awaitProperty(ConfigurableApplicationContext context, String name, String expected)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!expected.equals(context.getEnvironment().getProperty(name)) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(context.getEnvironment().getProperty(name)).isEqualTo(expected);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
			SecretResolverAutoConfiguration.class })
	@EnableConfigurationProperties(ItProperties.class)
	static class ItConfiguration {

		@Bean
		ValueConsumer valueConsumer() {
			return new ValueConsumer();
		}

	}

	static class ValueConsumer {

		@Value("${it.password:none}")
		String password;

		@Value("${it.value:none}")
		String value;

	}

	@ConfigurationProperties("it")
	static class ItProperties {

		private String password;

		private String url;

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		@Override
		public String toString() {
			return "ItProperties[masked]";
		}

	}

}
