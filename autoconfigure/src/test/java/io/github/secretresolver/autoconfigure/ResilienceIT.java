package io.github.secretresolver.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint.ReferenceDescriptor;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Startup and refresh when AWS refuses a batch action, when the Region of a reference fails and a
 * replica answers elsewhere, and when AWS is down: real applications against moto, with WireMock in
 * front of it to refuse, fail or answer for a Region.
 */
class ResilienceIT {

	private static final String FAILOVER_REGION = AwsTestEnvironment.anotherRegion().id();

	private static final WireMockServer proxy = new WireMockServer(options().dynamicPort());

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static String prefix;

	private static String replicated;

	private static String replicatedArn;

	@BeforeAll
	static void seed() {
		proxy.start();
		prefix = AwsTestEnvironment.uniquePrefix();
		for (int i = 0; i < 3; i++) {
			int index = i;
			secretsManager.createSecret((request) -> request.name(secretName(index)).secretString("{\"k\":\"v" + index + "\"}"));
			ssm.putParameter((request) -> request.name(prefix + "/p" + index).value("p" + index).type(ParameterType.STRING));
		}
		replicated = "it" + prefix.substring(3) + "/replicated";
		replicatedArn = secretsManager.createSecret((request) -> request.name(replicated)
			.secretString("replica-value")
			.addReplicaRegions(ReplicaRegionType.builder().region(FAILOVER_REGION).build())).arn();
		try (SsmClient west = client(SsmClient.builder())) {
			west.putParameter((request) -> request.name(prefix + "/p0").value("p0-west").type(ParameterType.STRING));
		}
	}

	@AfterAll
	static void stop() {
		proxy.stop();
		ssm.close();
		secretsManager.close();
	}

	@BeforeEach
	void proxyToAws() {
		proxy.resetAll();
		proxy.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
		AwsCallCounter.reset();
	}

	@Test
	void deniedBatchGetSecretValueFallsBackToSingleReadsOncePerJvm() {
		refuse("secretsmanager.BatchGetSecretValue");
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			properties.put("it.s" + i, "<<resolve:secretsmanager:" + secretName(i) + ":SecretString:k>>");
		}
		try (ConfigurableApplicationContext context = run(properties)) {
			assertThat(context.getEnvironment().getProperty("it.s2")).isEqualTo("v2");
			assertThat(AwsCallCounter.snapshot()).containsEntry("BatchGetSecretValue", 1).containsEntry("GetSecretValue", 3);
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(AwsCallCounter.snapshot()).containsEntry("BatchGetSecretValue", 1).containsEntry("GetSecretValue", 6);
		}
		try (ConfigurableApplicationContext context = run(properties)) {
			assertThat(context.getEnvironment().getProperty("it.s0")).isEqualTo("v0");
		}
		assertThat(AwsCallCounter.snapshot()).containsEntry("BatchGetSecretValue", 1).containsEntry("GetSecretValue", 9);
	}

	@Test
	void deniedGetParametersFallsBackToGetParameterOncePerJvm() {
		refuse("AmazonSSM.GetParameters");
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			properties.put("it.p" + i, "<<resolve:ssm:" + prefix + "/p" + i + ">>");
		}
		try (ConfigurableApplicationContext context = run(properties)) {
			assertThat(context.getEnvironment().getProperty("it.p1")).isEqualTo("p1");
			context.getBean(SecretRefresher.class).refreshAll();
		}
		assertThat(AwsCallCounter.snapshot()).containsEntry("GetParameters", 1).containsEntry("GetParameter", 6);
	}

	@Test
	void secretFailsOverToItsReplicaAndComesBackOnTheNextGoodRefresh() {
		failRegion(AwsTestEnvironment.region().id(), "secretsmanager");
		Map<String, Object> properties = Map.of("it.by-name", "<<resolve:secretsmanager:" + replicated + ">>",
				"it.by-arn", "<<resolve:secretsmanager:" + replicatedArn + ">>");
		try (ConfigurableApplicationContext context = run(properties, "--secret-resolver.failover.regions=" + FAILOVER_REGION,
				"--secret-resolver.failover.after-failures=2")) {
			assertThat(context.getEnvironment().getProperty("it.by-name")).isEqualTo("replica-value");
			assertThat(context.getEnvironment().getProperty("it.by-arn")).isEqualTo("replica-value");
			assertThat(endpoint(context).secrets().references()).extracting(ReferenceDescriptor::failoverRegion)
				.containsOnly(FAILOVER_REGION);
			proxyToAws();
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(endpoint(context).secrets().references()).extracting(ReferenceDescriptor::failoverRegion)
				.containsOnlyNulls();
		}
	}

	@Test
	void parameterStoreFailsOverOnlyWhereTheApplicationOptsIn() {
		failRegion(AwsTestEnvironment.region().id(), "ssm");
		Map<String, Object> properties = Map.of("it.p0", "<<resolve:ssm:" + prefix + "/p0>>");
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(properties, "--secret-resolver.failover.regions=" + FAILOVER_REGION,
					"--secret-resolver.startup-timeout=2s"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::errorCode)
				.containsExactly("ServiceUnavailable"));
		try (ConfigurableApplicationContext context = run(properties, "--secret-resolver.failover.regions=" + FAILOVER_REGION,
				"--secret-resolver.failover.parameter-store=true", "--secret-resolver.failover.after-failures=1")) {
			assertThat(context.getEnvironment().getProperty("it.p0")).isEqualTo("p0-west");
		}
	}

	@Test
	void multiRegionKeyDecryptsInTheFailoverRegion() {
		String keyArn = "arn:aws:kms:" + AwsTestEnvironment.region().id() + ":123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab";
		failRegion(AwsTestEnvironment.region().id(), "kms");
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.withHeader("Authorization", containing("/" + FAILOVER_REGION + "/kms/"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"KeyId\":\"" + keyArn.replace(AwsTestEnvironment.region().id(), FAILOVER_REGION)
						+ "\",\"Plaintext\":\"" + Base64.getEncoder()
							.encodeToString("kms-replica-plaintext".getBytes(StandardCharsets.UTF_8))
						+ "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}")));
		try (ConfigurableApplicationContext context = run(
				Map.of("it.token", "<<resolve:kms:AQIDBAUGBwgJCgsMDQ4PEBES:app=shop:" + keyArn + ">>"),
				"--secret-resolver.failover.regions=" + FAILOVER_REGION, "--secret-resolver.failover.after-failures=1")) {
			assertThat(context.getEnvironment().getProperty("it.token")).isEqualTo("kms-replica-plaintext");
		}
	}

	@Test
	void outageFailsWithinTheBudgetNamingEveryReference() {
		proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withBody("{\"__type\":\"ServiceUnavailable\",\"message\":\"down\"}")));
		Map<String, Object> properties = Map.of("it.p0", "<<resolve:ssm:" + prefix + "/p0>>", "it.s0",
				"<<resolve:secretsmanager:" + secretName(0) + ":SecretString:k>>");
		long start = System.nanoTime();
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(properties, "--secret-resolver.startup-timeout=3s"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactlyInAnyOrder(tuple("it.p0", "ServiceUnavailable"), tuple("it.s0", "ServiceUnavailable")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		// a liveness bound: the budget (3 s without any answer) plus an attempt in flight
		assertThat(elapsed).isLessThan(Duration.ofSeconds(20));
		assertThat(AwsCallCounter.count("GetParameters")).isGreaterThan(1);
	}

	/**
	 * Answer an action as AWS does when a service control policy denies it, naming the action.
	 * @param target the {@code X-Amz-Target} of the action, such as {@code AmazonSSM.GetParameters}
	 */
	private static void refuse(String target) {
		String action = (target.startsWith("AmazonSSM.") ? "ssm:" : "secretsmanager:")
				+ target.substring(target.indexOf('.') + 1);
		proxy.stubFor(any(anyUrl()).atPriority(1)
			.withHeader("X-Amz-Target", equalTo(target))
			.willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/shop "
						+ "is not authorized to perform: " + action + " with an explicit deny in a service control policy\"}")));
	}

	/**
	 * Answer every request signed for a service in a Region with HTTP 503, as in a regional outage.
	 */
	private static void failRegion(String region, String service) {
		proxy.stubFor(any(anyUrl()).atPriority(2)
			.withHeader("Authorization", containing("/" + region + "/" + service + "/"))
			.willReturn(aResponse().withStatus(503)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"__type\":\"ServiceUnavailable\",\"message\":\"regional outage\"}")));
	}

	private static SecretsEndpoint endpoint(ConfigurableApplicationContext context) {
		return new SecretsEndpoint(context.getBean(ReferenceResolver.class).states(),
				context.getBean(SecretRefresher.class), null, Duration.ofHours(1), java.time.Clock.systemUTC());
	}

	private static String secretName(int index) {
		return "it" + prefix.substring(3) + "/resilience-" + index;
	}

	private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B builder) {
		return AwsTestEnvironment.configure(builder, Region.of(FAILOVER_REGION)).build();
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties, String... extraArgs) {
		return TestApplications.application(properties)
			.run(AwsTestEnvironment.springArguments(URI.create(proxy.baseUrl()), extraArgs));
	}

}
