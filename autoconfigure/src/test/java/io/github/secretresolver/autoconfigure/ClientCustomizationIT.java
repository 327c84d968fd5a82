package io.github.secretresolver.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.config.parameterstore.SsmClientCustomizer;
import io.awspring.cloud.autoconfigure.config.secretsmanager.SecretsManagerClientCustomizer;
import io.github.secretresolver.KmsClientCustomizer;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registrations Spring Cloud AWS honours for its config import, honoured for the starter's
 * clients, with the same precedence: a credentials provider and a Region provider registered in
 * the {@code BootstrapRegistry} win over {@code spring.cloud.aws.*}, and customizers run after the
 * settings. Requests go through a proxy, which shows the access key they were signed with.
 */
class ClientCustomizationIT {

	private static final String ACCESS_KEY = "AKIACUSTOMIZED7Q3F";

	private static final WireMockServer proxy = new WireMockServer(options().dynamicPort());

	private static final SsmClient ssm = AwsTestEnvironment.ssm();

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static String prefix;

	private static String secret;

	private static String ciphertext;

	@BeforeAll
	static void seed() {
		proxy.start();
		proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
		prefix = AwsTestEnvironment.uniquePrefix();
		secret = "it" + prefix.substring(3) + "/customized";
		ssm.putParameter((request) -> request.name(prefix + "/host").value("db.internal").type(ParameterType.STRING));
		secretsManager.createSecret((request) -> request.name(secret).secretString("{\"k\":\"v\"}"));
		try (KmsClient kms = KmsClient.builder()
			.endpointOverride(AwsTestEnvironment.endpoint())
			.region(Region.of(AwsTestEnvironment.region().id()))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "secret")))
			.build()) {
			String key = kms.createKey().keyMetadata().keyId();
			ciphertext = java.util.Base64.getEncoder()
				.encodeToString(kms
					.encrypt((request) -> request.keyId(key)
						.plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("kms-customized")))
					.ciphertextBlob()
					.asByteArray());
		}
	}

	@AfterAll
	static void stop() {
		proxy.stop();
		ssm.close();
		secretsManager.close();
	}

	@Test
	void registeredProvidersConfigureTheClientsOfRotationEvents() throws Exception {
		String topicArn;
		try (SnsClient sns = AwsTestEnvironment.configure(SnsClient.builder()).build()) {
			topicArn = sns.createTopic((request) -> request.name("customized" + prefix.substring(3).replace('/', '-')))
				.topicArn();
		}
		List<String> customized = new ArrayList<>();
		SpringApplication application = TestApplications
			.application(Map.of("it.host", "<<resolve:ssm:" + prefix + "/host>>"));
		application.addBootstrapRegistryInitializer((registry) -> {
			registry.register(AwsCredentialsProvider.class,
					(context) -> () -> AwsBasicCredentials.create(ACCESS_KEY, "secret"));
			registry.register(AwsRegionProvider.class, (context) -> () -> Region.of(AwsTestEnvironment.region().id()));
			registry.register(AwsSyncClientCustomizer.class,
					(context) -> (builder) -> customized.add(builder.getClass().getSimpleName()));
		});
		proxy.resetRequests();
		try (ConfigurableApplicationContext context = application.run(AwsTestEnvironment.springArguments(
				URI.create(proxy.baseUrl()), "--spring.cloud.aws.region.static=eu-west-3",
				"--spring.cloud.aws.credentials.access-key=AKIANOTUSED00000000",
				"--spring.cloud.aws.credentials.secret-key=not-used", "--secret-resolver.refresh.enabled=false",
				"--secret-resolver.events.topic=" + topicArn, "--secret-resolver.events.poll-timeout=1s"))) {
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
			long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
			while (targets().stream().noneMatch((target) -> target.contains("ReceiveMessage"))
					&& System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
		}
		assertThat(targets()).anyMatch((target) -> target.contains("ReceiveMessage"))
			.anyMatch((target) -> target.contains("CreateQueue"));
		assertThat(proxy.findAll(anyRequestedFor(anyUrl())))
			.anyMatch((request) -> request.getBodyAsString().contains("Action=Subscribe"));
		assertThat(customized).contains("DefaultSnsClientBuilder", "DefaultSqsClientBuilder");
		List<LoggedRequest> requests = proxy.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSizeGreaterThan(3)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.contains("Credential=" + ACCESS_KEY + "/")
				.contains("/" + AwsTestEnvironment.region().id() + "/"));
	}

	/**
	 * The JSON protocol's target of every request the proxy saw (empty for the query protocol).
	 */
	private static List<String> targets() {
		return proxy.findAll(anyRequestedFor(anyUrl()))
			.stream()
			.map((request) -> request.containsHeader("X-Amz-Target") ? request.getHeader("X-Amz-Target") : "")
			.toList();
	}

	@Test
	void registeredProvidersAndCustomizersConfigureTheClients() {
		AtomicInteger credentialsResolved = new AtomicInteger();
		List<String> customized = new ArrayList<>();
		SpringApplication application = TestApplications.application(Map.of("it.host",
				"<<resolve:ssm:" + prefix + "/host>>", "it.password", "<<resolve:secretsmanager:" + secret
						+ ":SecretString:k>>", "it.token", "<<resolve:kms:" + ciphertext + ">>"));
		application.addBootstrapRegistryInitializer((registry) -> {
			registry.register(AwsCredentialsProvider.class, (context) -> () -> {
				credentialsResolved.incrementAndGet();
				return AwsBasicCredentials.create(ACCESS_KEY, "secret");
			});
			registry.register(AwsRegionProvider.class, (context) -> () -> Region.of(AwsTestEnvironment.region().id()));
			registry.register(AwsSyncClientCustomizer.class,
					(context) -> (builder) -> customized.add("common " + builder.getClass().getSimpleName()));
			registry.register(SsmClientCustomizer.class, (context) -> (builder) -> customized.add("ssm"));
			registry.register(SecretsManagerClientCustomizer.class,
					(context) -> (builder) -> customized.add("secretsmanager"));
			registry.register(KmsClientCustomizer.class, (context) -> (builder) -> customized.add("kms"));
		});
		// The registered providers win over these settings, as in Spring Cloud AWS.
		try (ConfigurableApplicationContext context = application.run(AwsTestEnvironment.springArguments(
				URI.create(proxy.baseUrl()), "--spring.cloud.aws.region.static=eu-west-3",
				"--spring.cloud.aws.credentials.access-key=AKIANOTUSED00000000",
				"--spring.cloud.aws.credentials.secret-key=not-used"))) {
			assertThat(context.getEnvironment().getProperty("it.host")).isEqualTo("db.internal");
			assertThat(context.getEnvironment().getProperty("it.password")).isEqualTo("v");
			assertThat(context.getEnvironment().getProperty("it.token")).isEqualTo("kms-customized");
		}
		assertThat(credentialsResolved).hasPositiveValue();
		assertThat(customized).filteredOn((entry) -> entry.startsWith("common ")).hasSize(3);
		assertThat(customized).contains("ssm", "secretsmanager", "kms");
		assertThat(customized.indexOf("ssm")).isGreaterThan(0);
		List<LoggedRequest> requests = proxy.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization"))
				.contains("Credential=" + ACCESS_KEY + "/")
				.contains("/" + AwsTestEnvironment.region().id() + "/"));
	}

}
