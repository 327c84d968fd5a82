package io.github.secretresolver.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outage of AWS while the background refresh runs (minutes scaled down to seconds): readers keep
 * reading, faults are injected by WireMock between the AWS SDK and the endpoint, and the figures
 * that {@code docs/reliability.md} reports are measured and checked.
 */
class RefreshOutageReliabilityIT {

	private static final Duration OUTAGE = Duration.ofSeconds(8);

	private final WireMockServer proxy = new WireMockServer(options().dynamicPort());

	private String prefix;

	private String secret;

	@BeforeEach
	void seed() {
		this.prefix = AwsTestEnvironment.uniquePrefix();
		this.secret = "it" + this.prefix.substring(3) + "/outage";
		try (SsmClient ssm = AwsTestEnvironment.ssm(); SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			ssm.putParameter((request) -> request.name(this.prefix + "/host").value("db-1").type(ParameterType.STRING));
			secretsManager.createSecret((request) -> request.name(this.secret).secretString("{\"password\":\"pw-1\"}"));
		}
		this.proxy.start();
		healthy();
	}

	@AfterEach
	void stopProxy() {
		this.proxy.stop();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ServiceUnavailable", "ThrottlingException", "ConnectionReset", "Timeout" })
	void outageDuringRefreshLosesNothingAndRecovers(String fault) throws Exception {
		Map<String, Object> properties = Map.of("it.password",
				"<<resolve:secretsmanager:" + this.secret + ":SecretString:password>>", "it.url",
				"jdbc://<<resolve:ssm:" + this.prefix + "/host>>/shop");
		try (ConfigurableApplicationContext context = TestApplications.application(properties)
			.run(AwsTestEnvironment.springArguments(URI.create(this.proxy.baseUrl()),
					"--secret-resolver.refresh.parameter-store-interval=1s",
					"--secret-resolver.refresh.secrets-manager-interval=1s", "--secret-resolver.refresh.jitter=0",
					"--secret-resolver.refresh.initial-backoff=200ms",
					"--secret-resolver.refresh.circuit-breaker-wait=2s", "--secret-resolver.refresh.timeout=2s",
					"--secret-resolver.attempt-timeout=500ms"))) {
			Environment environment = context.getEnvironment();
			Readers readers = new Readers(environment);
			readers.start();
			Thread.sleep(1500);
			int before = this.proxy.getAllServeEvents().size();
			inject(fault);
			try (SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
				secretsManager.putSecretValue((request) -> request.secretId(this.secret).secretString("{\"password\":\"pw-2\"}"));
			}
			Thread.sleep(OUTAGE.toMillis());
			int callsDuringOutage = this.proxy.getAllServeEvents().size() - before;
			readers.assertNothingLostOrThrown("pw-1");
			this.proxy.resetAll();
			healthy();
			long restored = System.nanoTime();
			while (!"pw-2".equals(environment.getProperty("it.password"))
					&& System.nanoTime() - restored < Duration.ofSeconds(20).toNanos()) {
				Thread.sleep(50);
			}
			Duration recovery = Duration.ofNanos(System.nanoTime() - restored);
			readers.stop();
			System.out.printf("refresh outage (%s, %ds): faults injected %d, calls during outage %d, reads %d, "
					+ "values lost %d, exceptions in readers %d, recovery %d ms%n", fault, OUTAGE.toSeconds(),
					callsDuringOutage, callsDuringOutage, readers.reads.get(), readers.lost.get(),
					readers.exceptions.get(), recovery.toMillis());
			assertThat(environment.getProperty("it.password")).isEqualTo("pw-2");
			assertThat(readers.lost.get()).isZero();
			assertThat(readers.exceptions.get()).isZero();
			// At most: three failed passes per loop before the circuit breaker opens, then one
			// half-open probe every 2 s; each pass makes at most 2 attempts per call.
			assertThat(callsDuringOutage).isPositive().isLessThanOrEqualTo(40);
			assertThat(recovery).isLessThan(Duration.ofSeconds(10));
		}
	}

	private void healthy() {
		this.proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString())));
	}

	private void inject(String fault) {
		ResponseDefinitionBuilder response = switch (fault) {
			case "ServiceUnavailable" -> aResponse().withStatus(503).withBody("{\"__type\":\"ServiceUnavailable\"}");
			case "ThrottlingException" -> aResponse().withStatus(400)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
			case "ConnectionReset" -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			default -> aResponse().proxiedFrom(AwsTestEnvironment.endpoint().toString()).withFixedDelay(2000);
		};
		this.proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(response));
	}

	/**
	 * Threads that read the values without pause, as request threads of an application would.
	 */
	private static final class Readers {

		private final Environment environment;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong reads = new AtomicLong();

		private final AtomicLong lost = new AtomicLong();

		private final AtomicLong exceptions = new AtomicLong();

		private final List<Thread> threads = new ArrayList<>();

		private volatile String expectedPassword = "pw-1";

		Readers(Environment environment) {
			this.environment = environment;
		}

		void start() {
			for (int index = 0; index < 4; index++) {
				Thread thread = new Thread(() -> {
					while (this.running.get()) {
						try {
							String password = this.environment.getProperty("it.password");
							String url = this.environment.getProperty("it.url");
							if (password == null || url == null || password.contains("<<resolve:")
									|| !url.equals("jdbc://db-1/shop")) {
								this.lost.incrementAndGet();
							}
							this.reads.incrementAndGet();
						}
						catch (RuntimeException ex) {
							this.exceptions.incrementAndGet();
						}
					}
				});
				thread.start();
				this.threads.add(thread);
			}
		}

		void assertNothingLostOrThrown(String password) {
			assertThat(this.environment.getProperty("it.password")).isEqualTo(password);
			assertThat(this.lost.get()).isZero();
			assertThat(this.exceptions.get()).isZero();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

	}

}
