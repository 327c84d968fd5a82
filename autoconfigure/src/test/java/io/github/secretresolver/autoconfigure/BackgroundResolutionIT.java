package io.github.secretresolver.autoconfigure;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Startup while the values are fetched in the background, against the AWS endpoint of the
 * environment: the application goes on starting, properties read before the values arrive wait
 * for them, and a failure reaches the failure analyzer whoever waited first.
 *
 * @author Secret Resolver contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class BackgroundResolutionIT {

	/**
	 * Spring Cloud Context (on this module's test class path) reads every property value right
	 * after the environment is prepared, looking for {@code {cipher}} values, and so waits for the
	 * fetch there; turned off, as an application that has no such value may do, so that the
	 * application's own reads are the first to wait.
	 */
	private static final String NO_SPRING_CLOUD_DECRYPT = "--spring.cloud.decrypt-environment-post-processor.enabled=false";

	private static final WireMockServer slowProxy = new WireMockServer(options().dynamicPort());

	private static String prefix;

	@BeforeAll
	static void seed() {
		prefix = AwsTestEnvironment.uniquePrefix();
		try (SsmClient ssm = AwsTestEnvironment.ssm()) {
			ssm.putParameter((request) -> request.name(prefix + "/name").value("shop-service").type(ParameterType.STRING));
			ssm.putParameter((request) -> request.name(prefix + "/level").value("WARN").type(ParameterType.STRING));
			ssm.putParameter((request) -> request.name(prefix + "/host").value("db.internal").type(ParameterType.STRING));
		}
		slowProxy.start();
		slowProxy.stubFor(any(anyUrl())
			.willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString()).withFixedDelay(2000)));
	}

	@AfterAll
	static void stopProxy() {
		slowProxy.stop();
	}

	@BeforeEach
	void resetCounts() {
		AwsCallCounter.reset();
	}

	@Test
	void applicationContextIsCreatedWhileTheValuesAreFetched() {
		AtomicBoolean fetchingWhenContextCreated = new AtomicBoolean();
		SpringApplication application = TestApplications
			.application(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"));
		application.addInitializers((context) -> fetchingWhenContextCreated.set(Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((thread) -> thread.getName().startsWith("secret-resolver-startup-"))));
		try (ConfigurableApplicationContext context = application
			.run(AwsTestEnvironment.springArguments(URI.create(slowProxy.baseUrl()), NO_SPRING_CLOUD_DECRYPT))) {
			assertThat(context.containsBean(SecretResolverEnvironmentPostProcessor.AWS_CLIENTS_BEAN_NAME)).isTrue();
			assertThat(fetchingWhenContextCreated).isTrue();
			assertThat(context.getBean(TestApplications.ItProperties.class)).isNotNull();
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
		}
		assertThat(AwsCallCounter.count("GetParameters")).isOne();
	}

	/**
	 * Run the test application with every AWS answer two seconds late, so that the properties
	 * Spring Boot reads while it prepares logging and the context are read before the values arrive.
	 */
	private static ConfigurableApplicationContext runSlowly(Map<String, Object> properties) {
		return TestApplications.application(properties)
			.run(AwsTestEnvironment.springArguments(URI.create(slowProxy.baseUrl()), NO_SPRING_CLOUD_DECRYPT));
	}

	@Test
	void propertiesReadWhileFetchingWaitForTheirValues() {
		try (ConfigurableApplicationContext context = runSlowly(Map.of(
				"spring.application.name", "<<resolve:ssm:" + prefix + "/name>>",
				"logging.level.com.example.background", "<<resolve:ssm:" + prefix + "/level>>",
				"it.host", "<<resolve:ssm:" + prefix + "/host>>"))) {
			LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());
			assertThat(loggingSystem.getLoggerConfiguration("com.example.background").getEffectiveLevel())
				.isEqualTo(LogLevel.WARN);
			assertThat(context.getId()).isEqualTo("shop-service");
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
		}
		assertThat(AwsCallCounter.count("GetParameters")).isOne();
	}

	@Test
	void failureReadWhileFetchingIsReportedWithEveryError(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> runSlowly(Map.of(
				"logging.level.com.example.background", "<<resolve:ssm:" + prefix + "/missing-level>>",
				"it.host", "<<resolve:ssm:" + prefix + "/missing-host>>")).close());
		assertThat(failure).isNotNull();
		SecretResolutionException resolution = (SecretResolutionException) NestedExceptionUtils
			.getMostSpecificCause(failure);
		assertThat(resolution.getErrors()).extracting(ResolutionError::property)
			.containsExactlyInAnyOrder("logging.level.com.example.background", "it.host");
		FailureAnalysis analysis = new SecretResolutionFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("logging.level.com.example.background")
			.contains("it.host")
			.contains(prefix + "/missing-host");
		assertThat(output).contains("APPLICATION FAILED TO START").contains("ParameterNotFound");
	}

}
