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
import io.github.secretresolver.testsupport.EmulatorCapabilities;
import io.github.secretresolver.testsupport.EmulatorCapabilities.Feature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample application running as a separate JVM, configured only through its
 * {@code application.yml}, environment variables and command-line arguments.
 */
final class SampleApplicationProcess implements AutoCloseable {

	static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static boolean seeded;

	private final Process process;

	private final Path output;

	private final int port;

	private SampleApplicationProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/**
	 * Start the sample application against the test AWS endpoint. Skips the test when the endpoint
	 * lacks a reference form the sample's {@code application.yml} uses.
	 * @param environment environment variables to add or override
	 * @param args command-line arguments
	 * @return the running process
	 * @throws IOException if it cannot be started
	 */
	static SampleApplicationProcess start(Map<String, String> environment, String... args) throws IOException {
		return start(List.of(), environment, args);
	}

	/**
	 * Start the sample application against the test AWS endpoint, with options for the JVM.
	 * @param jvmOptions options for the JVM, such as {@code -Dspring.aot.enabled=true}
	 * @param environment environment variables to add or override
	 * @param args command-line arguments
	 * @return the running process
	 * @throws IOException if it cannot be started
	 */
	static SampleApplicationProcess start(List<String> jvmOptions, Map<String, String> environment, String... args)
			throws IOException {
		// shop.feature-flags reads /shop/demo/feature-flags:1 and /shop/demo/feature-flags:stable
		EmulatorCapabilities.assumeSupported(Feature.PARAMETER_VERSION_SELECTORS, Feature.PARAMETER_LABEL_SELECTORS);
		seedDemoData();
		Path jar = Path.of(System.getProperty("sample.app.jar"));
		assertThat(jar).as("the sample app jar (build it with mvn -B verify from the project root)").exists();
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(javaExecutable()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("sample-app", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		AwsTestEnvironment.applyTo(builder.environment());
		builder.environment().put("DEMO_KMS_CIPHERTEXT", demoKmsCiphertext());
		builder.environment().putAll(environment);
		return new SampleApplicationProcess(builder.start(), output, port);
	}

	/**
	 * Run {@code scripts/seed-demo.sh} against the test AWS endpoint, once per JVM.
	 */
	static synchronized void seedDemoData() {
		if (seeded) {
			return;
		}
		try {
			ProcessBuilder seed = new ProcessBuilder("bash", projectRoot().resolve("scripts/seed-demo.sh").toString())
				.inheritIO()
				.redirectOutput(ProcessBuilder.Redirect.DISCARD);
			AwsTestEnvironment.applyTo(seed.environment());
			assertThat(seed.start().waitFor()).as("scripts/seed-demo.sh exit code").isZero();
			seeded = true;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run scripts/seed-demo.sh", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while seeding", ex);
		}
	}

	static Path projectRoot() {
		return Path.of(System.getProperty("project.root", "../.."));
	}

	private static String demoKmsCiphertext() throws IOException {
		Path file = projectRoot().resolve("target/moto/demo-kms-ciphertext");
		return Files.exists(file) ? Files.readString(file).strip() : "";
	}

	void awaitHealthy() throws Exception {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(this.process.isAlive()).as(() -> "sample app exited: " + output()).isTrue();
			try {
				if (get("/actuator/health").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("sample app did not become healthy: " + output());
	}

	int awaitExit() throws InterruptedException {
		assertThat(this.process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		return this.process.exitValue();
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build());
	}

	HttpResponse<String> post(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
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
