package io.github.secretresolver.autoconfigure;


import com.zaxxer.hikari.HikariDataSource;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.github.secretresolver.actuate.ResolvedValueSanitizingFunction;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint;
import io.github.secretresolver.health.SecretsHealthIndicator;
import io.github.secretresolver.metrics.SecretResolverMetrics;
import io.github.secretresolver.refresh.RefreshScheduler;
import io.github.secretresolver.refresh.SecretRefresher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configurations, with the beans the environment post-processor hands over
 * registered by hand (the runner does not run post-processors).
 */
class SecretResolverAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecretResolverAutoConfiguration.class,
				SecretResolverActuatorAutoConfiguration.class, SecretsEndpointAutoConfiguration.class,
				SecretsHealthIndicatorAutoConfiguration.class));

	@Test
	void runWithoutResolvedReferencesBacksOff() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SecretRefresher.class)
			.doesNotHaveBean(RefreshScheduler.class)
			.doesNotHaveBean(SecretsEndpoint.class)
			.doesNotHaveBean(ResolvedValueSanitizingFunction.class));
	}

	@Test
	void runWithResolverProvidesRefreshSanitizerHealthAndMetrics() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("management.endpoints.web.exposure.include=secrets")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SecretRefresher.class)
				.hasSingleBean(RefreshScheduler.class)
				.hasSingleBean(SecretsEndpoint.class)
				.hasSingleBean(SecretsHealthIndicator.class)
				.hasSingleBean(SecretResolverMetrics.class)
				.hasSingleBean(ResolvedValueSanitizingFunction.class));
	}

	@Test
	void runWhenEndpointNotExposedHasNoEndpoint() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.run((context) -> assertThat(context).hasSingleBean(SecretRefresher.class).doesNotHaveBean(SecretsEndpoint.class));
	}

	@Test
	void runWhenRefreshDisabledHasNoScheduler() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.refresh.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(SecretRefresher.class)
				.doesNotHaveBean(RefreshScheduler.class));
	}

	@Test
	void runWhenShowResolvedValuesHasNoSanitizer() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.actuator.show-resolved-values=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ResolvedValueSanitizingFunction.class));
	}

	@Test
	void runWhenDisabledBacksOff() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withPropertyValues("secret-resolver.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SecretRefresher.class));
	}

	@Test
	void runWhenEventQueueNotSetHasNoListener() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.run((context) -> assertThat(context).doesNotHaveBean(SqsMessageListenerContainer.class));
	}

	@Test
	void runWithoutOptionalLibrariesStartsWithoutTheirIntegrations() {
		this.contextRunner.withInitializer(TestApplications.handedOver())
			.withClassLoader(new FilteredClassLoader(HikariDataSource.class, EnvironmentChangeEvent.class,
					SqsMessageListenerContainer.class, MeterRegistry.class, SanitizingFunction.class))
			.withPropertyValues("secret-resolver.events.queue=queue")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SecretRefresher.class)
				.doesNotHaveBean(SecretResolverMetrics.class)
				.doesNotHaveBean(SqsMessageListenerContainer.class)
				.doesNotHaveBean(ResolvedValueSanitizingFunction.class)
				.doesNotHaveBean("hikariCredentialsUpdater")
				.doesNotHaveBean("secretsRefreshedEnvironmentChangePublisher"));
	}

}
