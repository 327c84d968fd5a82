package io.github.secretresolver.autoconfigure;

import java.util.Map;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Puts WireMock between the AWS SDK and the AWS endpoint to inject throttling, server errors and
 * slow answers at startup, and checks that transient faults are retried within the budget and
 * that permanent ones fail with every reference named.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretResolverFaultIT {

	private static final String THROTTLING = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";

	private static final WireMockServer proxy = new WireMockServer(options().dynamicPort());

	private static String prefix;

	private static String secret;

	@BeforeAll
	static void seedAndStartProxy() {
		prefix = AwsTestEnvironment.uniquePrefix();
		secret = "it" + prefix.substring(3) + "/fault";
		try (SsmClient ssm = AwsTestEnvironment.ssm(); SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			ssm.putParameter((request) -> request.name(prefix + "/host").value("db.internal").type(ParameterType.STRING));
			secretsManager.createSecret((request) -> request.name(secret).secretString("{\"password\":\"p\"}"));
		}
		proxy.start();
	}

	@AfterAll
	static void stopProxy() {
		proxy.stop();
	}

	@BeforeEach
	void proxyToAws() {
		proxy.resetAll();
		proxy.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
		AwsCallCounter.reset();
	}

	@AfterEach
	void resetProxy() {
		proxy.resetAll();
	}

	@Test
	void throttlingAtStartupIsRetried() {
		failFirst("AmazonSSM.GetParameters", 1, aResponse().withStatus(400).withBody(THROTTLING));
		try (ConfigurableApplicationContext context = run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"))) {
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
		}
		assertThat(AwsCallCounter.count("GetParameters")).isEqualTo(2);
	}

	@Test
	void throttlingBurstAtStartupIsRetriedWithinTheBudget() {
		failFirst("AmazonSSM.GetParameters", 3, aResponse().withStatus(400).withBody(THROTTLING));
		try (ConfigurableApplicationContext context = run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"))) {
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
		}
		assertThat(AwsCallCounter.count("GetParameters")).isEqualTo(4);
	}

	@Test
	void connectionResetAtStartupIsRetried() {
		failFirst("AmazonSSM.GetParameters", 1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		try (ConfigurableApplicationContext context = run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"))) {
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
		}
		assertThat(AwsCallCounter.count("GetParameters")).isEqualTo(2);
	}

	@Test
	void serviceUnavailableAtStartupIsRetried() {
		failFirst("secretsmanager.GetSecretValue", 2, aResponse().withStatus(503).withBody("{}"));
		try (ConfigurableApplicationContext context = run(
				Map.of("it.password", "<<resolve:secretsmanager:" + secret + ":SecretString:password>>"))) {
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("p");
		}
		assertThat(AwsCallCounter.count("GetSecretValue")).isEqualTo(3);
	}

	@Test
	void persistentServerErrorFailsOnceAwsGaveNoAnswerForTheStartupTimeoutNamingEveryReference() {
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.willReturn(aResponse().withStatus(500).withBody("{\"__type\":\"InternalServerError\",\"message\":\"boom\"}")));
		Map<String, Object> properties = Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>", "it.password",
				"<<resolve:secretsmanager:" + secret + ":SecretString:password>>");
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(properties, "--secret-resolver.startup-timeout=2s"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactlyInAnyOrder(tuple("it.host", "InternalServerError"),
						tuple("it.password", "InternalServerError")));
		// retried with backoff until no answer came for 2 s
		assertThat(AwsCallCounter.count("GetParameters")).isBetween(2, 40);
		assertThat(AwsCallCounter.count("GetSecretValue")).isBetween(2, 40);
	}

	@Test
	void unreadableResponseIsReportedWithoutItsContent() {
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameters"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"Parameters\":[{\"Name\":\"x\",\"Value\":leakSECRET9")));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"), "--secret-resolver.startup-timeout=1s"))
			.satisfies((ex) -> {
				assertThat(ex.getErrors()).extracting(ResolutionError::errorCode).containsExactly("SdkClientException");
				assertThat(ex.getMessage()).contains("could not be read").doesNotContain("leakSECRET9");
			});
	}

	@Test
	void errorPageWithoutErrorCodeIsReportedByItsStatus() {
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>Bad gateway</html>")));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"), "--secret-resolver.startup-timeout=1s"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::errorCode).containsExactly("Http502"));
		assertThat(AwsCallCounter.count("GetParameters")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void answersSlowerThanTheAttemptTimeoutFailAsTimeout() {
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString()).withFixedDelay(3000)));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"),
					"--secret-resolver.attempt-timeout=500ms", "--secret-resolver.startup-timeout=2s"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("it.host", "Timeout")));
		assertThat(AwsCallCounter.count("GetParameters")).isGreaterThanOrEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "IncorrectKeyException", "DisabledException", "KMSInvalidStateException",
			"AccessDeniedException" })
	void kmsErrorsThatMotoCannotProduceAreReportedWithAFix(String errorCode, CapturedOutput output) {
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.withHeader("X-Amz-Target", equalTo("TrentService.Decrypt"))
			.willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"__type\":\"" + errorCode + "\",\"message\":\"injected\"}")));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("it.token", "<<resolve:kms:AQIDBAUGBwgJCgsMDQ4PEA==:app=shop>>")))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("it.token", errorCode)));
		assertThat(AwsCallCounter.count("Decrypt")).isOne();
		assertThat(output).contains("Error:     " + errorCode).contains("Action:").containsPattern("- (Remove|Enable|Check|Allow)");
	}

	private static void failFirst(String target, int times, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
		String state = Scenario.STARTED;
		for (int attempt = 1; attempt <= times; attempt++) {
			String next = "failed-" + attempt;
			MappingBuilder stub = any(anyUrl()).atPriority(1)
				.withHeader("X-Amz-Target", equalTo(target))
				.inScenario("fail-first")
				.whenScenarioStateIs(state)
				.willSetStateTo(next)
				.willReturn(failure.withHeader("Content-Type", "application/x-amz-json-1.1"));
			proxy.stubFor(stub);
			state = next;
		}
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties, String... extraArgs) {
		return TestApplications.application(properties)
			.run(AwsTestEnvironment.springArguments(java.net.URI.create(proxy.baseUrl()), extraArgs));
	}

}
