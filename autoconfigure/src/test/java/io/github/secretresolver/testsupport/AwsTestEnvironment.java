package io.github.secretresolver.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS endpoint integration tests run against, chosen once per JVM:
 * <ol>
 * <li>{@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl} system property) when set: moto
 * started by {@code scripts/test.sh}, LocalStack, or real AWS;</li>
 * <li>otherwise a {@code moto_server} started here on a free port, when one is on the PATH;</li>
 * <li>otherwise LocalStack in Testcontainers, when Docker is available;</li>
 * <li>otherwise the test is skipped.</li>
 * </ol>
 */
public final class AwsTestEnvironment {

	public static final String REGION = "us-east-1";

	private static URI endpoint;

	private AwsTestEnvironment() {
	}

	public static synchronized URI endpoint() {
		if (endpoint == null) {
			endpoint = locateEndpoint();
		}
		return endpoint;
	}

	/**
	 * Properties that point the starter (through Spring Cloud AWS's settings) at the test endpoint.
	 * @return the properties as {@code key=value} strings
	 */
	public static String[] springProperties() {
		return new String[] { "spring.cloud.aws.endpoint=" + endpoint(), "spring.cloud.aws.region.static=" + REGION,
				"spring.cloud.aws.credentials.access-key=" + accessKey(),
				"spring.cloud.aws.credentials.secret-key=" + secretKey(),
				"secret-resolver.startup-timeout=20s" };
	}

	/**
	 * Write {@link #springProperties()} to a properties file on the test class path, for
	 * {@code @TestPropertySource(locations = ...)}.
	 * @param classpathLocation the location below {@code target/test-classes}
	 */
	public static void writeSpringProperties(String classpathLocation) {
		try {
			Path file = Path.of(AwsTestEnvironment.class.getResource("/").toURI()).resolve(classpathLocation);
			Files.createDirectories(file.getParent());
			Files.write(file, List.of(springProperties()));
		}
		catch (IOException | java.net.URISyntaxException ex) {
			throw new IllegalStateException("Could not write " + classpathLocation, ex);
		}
	}

	/**
	 * Return {@link #springProperties()} as command-line arguments, followed by more arguments.
	 * @param extraArguments arguments to append
	 * @return the arguments
	 */
	public static String[] springArguments(String... extraArguments) {
		return springArguments(endpoint(), extraArguments);
	}

	/**
	 * Return the arguments of {@link #springArguments(String...)} with another endpoint, such as a
	 * fault-injecting proxy in front of this one. An extra argument replaces the default one for the
	 * same property.
	 * @param endpoint the endpoint the application should call
	 * @param extraArguments arguments to append
	 * @return the arguments
	 */
	public static String[] springArguments(URI endpoint, String... extraArguments) {
		List<String> arguments = new java.util.ArrayList<>();
		for (String property : springProperties()) {
			String name = property.substring(0, property.indexOf('='));
			boolean overridden = java.util.Arrays.stream(extraArguments)
				.anyMatch((argument) -> argument.startsWith("--" + name + "="));
			if (!overridden) {
				arguments.add("--" + (name.equals("spring.cloud.aws.endpoint") ? name + "=" + endpoint : property));
			}
		}
		arguments.addAll(List.of(extraArguments));
		return arguments.toArray(String[]::new);
	}

	public static String uniquePrefix() {
		return "/it/" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static SsmClient ssm() {
		return SsmClient.builder()
			.endpointOverride(endpoint())
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
			.overrideConfiguration((config) -> config.retryStrategy(RetryMode.STANDARD))
			.build();
	}

	public static SecretsManagerClient secretsManager() {
		return SecretsManagerClient.builder()
			.endpointOverride(endpoint())
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
			.overrideConfiguration((config) -> config.retryStrategy(RetryMode.STANDARD))
			.build();
	}

	private static String accessKey() {
		String key = System.getenv("AWS_ACCESS_KEY_ID");
		return (key != null) ? key : "test";
	}

	private static String secretKey() {
		String key = System.getenv("AWS_SECRET_ACCESS_KEY");
		return (key != null) ? key : "test";
	}

	private static URI locateEndpoint() {
		String configured = System.getProperty("aws.endpointUrl", System.getenv("AWS_ENDPOINT_URL"));
		if (configured != null && !configured.isBlank()) {
			return URI.create(configured);
		}
		URI moto = startMoto();
		if (moto != null) {
			return moto;
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			LocalStackContainer localStack = new LocalStackContainer(
					DockerImageName.parse("localstack/localstack:4.4"));
			localStack.start();
			Runtime.getRuntime().addShutdownHook(new Thread(localStack::stop));
			return localStack.getEndpoint();
		}
		Assumptions.abort("No AWS endpoint: set AWS_ENDPOINT_URL, install moto[server] or start Docker");
		throw new IllegalStateException("unreachable");
	}

	private static URI startMoto() {
		String executable = findOnPath("moto_server");
		if (executable == null) {
			return null;
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path log = Files.createTempFile("moto", ".log");
			Process process = new ProcessBuilder(List.of(executable, "-H", "127.0.0.1", "-p", String.valueOf(port)))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			URI uri = URI.create("http://127.0.0.1:" + port);
			awaitReady(uri, Duration.ofSeconds(30));
			return uri;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start moto_server", ex);
		}
	}

	private static void awaitReady(URI uri, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
				connection.setConnectTimeout(500);
				if (connection.getResponseCode() > 0) {
					return;
				}
			}
			catch (IOException ex) {
				// not ready yet
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new IllegalStateException("moto_server did not start within " + timeout);
	}

	private static String findOnPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			File candidate = new File(directory, name);
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

}
