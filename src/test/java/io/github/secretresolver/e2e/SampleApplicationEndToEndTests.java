package io.github.secretresolver.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged sample application as a separate JVM, configured only through its
 * {@code application.yml}, environment variables and command-line arguments, against the AWS
 * endpoint seeded by {@code scripts/seed-demo.sh}, and checks it from outside over HTTP.
 */
class SampleApplicationEndToEndTests {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static List<String> secrets;

	private static String demoKmsCiphertext = "";

	private Process process;

	private Path output;

	@BeforeAll
	static void seedDemoData() throws Exception {
		ProcessBuilder seed = new ProcessBuilder("bash", projectRoot().resolve("scripts/seed-demo.sh").toString())
			.inheritIO()
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		seed.environment().putAll(awsEnvironment());
		assertThat(seed.start().waitFor()).as("scripts/seed-demo.sh exit code").isZero();
		demoKmsCiphertext = Files.readString(projectRoot().resolve("target/moto/demo-kms-ciphertext")).strip();
		secrets = readDemoSecrets();
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	@Test
	void sampleApplicationServesResolvedValuesAndNeverShowsSecrets() throws Exception {
		int port = freePort();
		start(Map.of("SHOP_DB_NAME", "<<resolve:ssm:/shop/demo/db-host>>"), "--server.port=" + port);
		awaitHealthy(port);
		String shop = get(port, "/shop");
		assertThat(shop).contains("\"allResolved\":true")
			.contains("{\"name\":\"shop.legacy-token\",\"from\":\"kms\",\"resolved\":true,\"length\":22,\"secret\":true}")
			.contains("\"value\":\"localhost\"")
			.contains("jdbc:postgresql://localhost:5432/shop?ApplicationName=shop");
		assertThat(shop).as("shop.db.name comes from the environment variable SHOP_DB_NAME")
			.contains("{\"name\":\"shop.db.name\",\"from\":\"ssm\",\"resolved\":true,\"length\":9,\"value\":\"localhost\"}");
		String env = get(port, "/actuator/env");
		String password = get(port, "/actuator/env/spring.datasource.password");
		assertThat(password).contains("******").contains("application.yml");
		this.process.destroy();
		this.process.waitFor(20, TimeUnit.SECONDS);
		String log = Files.readString(this.output, StandardCharsets.UTF_8);
		assertThat(log).contains("Resolved");
		for (String secret : secrets) {
			assertThat(shop).doesNotContain(secret);
			assertThat(env).doesNotContain(secret);
			assertThat(password).doesNotContain(secret);
			assertThat(log).doesNotContain(secret);
		}
	}

	@Test
	void badReferencesStopStartupWithOneReportNamingEach() throws Exception {
		start(Map.of("SPRING_DATASOURCE_USERNAME", "<<resolve:ssm:/a:b:c>>"),
				"--shop.payments-key=<<resolve:ssm-secure:/shop/demo/missing>>", "--server.port=0");
		assertThat(this.process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.process.exitValue()).isNotZero();
		String log = Files.readString(this.output, StandardCharsets.UTF_8);
		assertThat(log).contains("APPLICATION FAILED TO START")
			.contains("2 AWS reference(s) in the configuration could not be resolved")
			.contains("spring.datasource.username", "System Environment Property \"SPRING_DATASOURCE_USERNAME\"",
					"InvalidReference")
			.contains("shop.payments-key", "<<resolve:ssm-secure:/shop/demo/missing>>", "ParameterNotFound");
		for (String secret : secrets) {
			assertThat(log).doesNotContain(secret);
		}
	}

	private void start(Map<String, String> environment, String... args) throws IOException {
		Path jar = Path.of(System.getProperty("sample.app.jar"));
		assertThat(jar).as("the sample app jar (build it with mvn -B verify from the project root)").exists();
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString()));
		command.addAll(List.of(args));
		this.output = Files.createTempFile("sample-app", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.output.toFile());
		builder.environment().putAll(awsEnvironment());
		builder.environment().put("DEMO_KMS_CIPHERTEXT", demoKmsCiphertext);
		builder.environment().putAll(environment);
		this.process = builder.start();
	}

	private void awaitHealthy(int port) throws Exception {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(this.process.isAlive()).as(() -> "sample app exited: " + readOutput()).isTrue();
			try {
				if (get(port, "/actuator/health").contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("sample app did not become healthy: " + readOutput());
	}

	private String readOutput() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	private static String get(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static Map<String, String> awsEnvironment() {
		return Map.of("AWS_ENDPOINT_URL", AwsTestEnvironment.endpoint().toString(), "AWS_REGION",
				AwsTestEnvironment.REGION, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
	}

	private static List<String> readDemoSecrets() {
		try (SsmClient ssm = AwsTestEnvironment.ssm(); SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			List<String> values = new ArrayList<>();
			values.add(ssm.getParameter((request) -> request.name("/shop/demo/payments-key").withDecryption(true))
				.parameter()
				.value());
			values.add(secretsManager.getSecretValue((request) -> request.secretId("demo/shop/api-token")).secretString());
			for (String stage : List.of("AWSCURRENT", "AWSPREVIOUS")) {
				String json = secretsManager
					.getSecretValue((request) -> request.secretId("demo/shop/db").versionStage(stage))
					.secretString();
				values.add(json.replaceAll(".*\"password\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
			}
			values.add("demo-legacy-token-5Rw1");
			assertThat(values).allSatisfy((value) -> assertThat(value).hasSizeGreaterThan(6));
			return values;
		}
	}

	private static Path projectRoot() {
		return Path.of(System.getProperty("project.root", "../.."));
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
