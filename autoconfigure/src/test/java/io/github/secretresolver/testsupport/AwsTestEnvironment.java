package io.github.secretresolver.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS endpoint, Region and credentials integration tests run with, chosen once per JVM.
 * <p>
 * The endpoint:
 * <ol>
 * <li>{@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl} system property) when set: the moto
 * started by {@code scripts/test.sh}, LocalStack, Floci or any other emulator;</li>
 * <li>otherwise a {@code moto_server} started here on a free port, when one is on the PATH;</li>
 * <li>otherwise LocalStack in Testcontainers, when Docker is available;</li>
 * <li>otherwise the test is skipped.</li>
 * </ol>
 * The Region and the credentials come from the environment, as the AWS SDK finds them: the Region
 * from {@code aws.region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION} or the profile; the
 * credentials from the SDK's default chain ({@code aws.accessKeyId}/{@code aws.secretAccessKey},
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, the profile,
 * ...). Only an emulator started here falls back to dummy credentials and {@code us-east-1} when
 * the environment names none. The test clients built here and the applications under test use the
 * same Region and the same credentials: emulators pick the account from the access key, so
 * fixtures created with one key would be invisible to an application using another.
 *
 * @author Secret Resolver contributors
 */
public final class AwsTestEnvironment {

	private static final Region FALLBACK_REGION = Region.US_EAST_1;

	private static final AwsCredentials FALLBACK_CREDENTIALS = AwsBasicCredentials.create("test", "test");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static Setup setup;

	private AwsTestEnvironment() {
	}

	/**
	 * Return the endpoint of every AWS service the tests use.
	 * @return the endpoint
	 */
	public static URI endpoint() {
		return setup().endpoint();
	}

	/**
	 * Return the Region the tests and the applications under test use.
	 * @return the Region
	 */
	public static Region region() {
		return setup().region();
	}

	/**
	 * Return a Region other than {@link #region()}, for tests of references that name another
	 * Region in their ARN.
	 * @return another Region
	 */
	public static Region anotherRegion() {
		return region().equals(Region.US_WEST_2) ? Region.EU_WEST_1 : Region.US_WEST_2;
	}

	/**
	 * Return the credentials provider of the test clients: the SDK's default chain, or dummy
	 * credentials for an emulator started here when the environment holds none.
	 * @return the credentials provider
	 */
	public static AwsCredentialsProvider credentialsProvider() {
		return setup().credentialsProvider();
	}

	/**
	 * Return whether the tests run against an emulator this class started (and may therefore use
	 * dummy credentials with).
	 * @return whether the emulator was started here
	 */
	public static boolean isEmulatorStartedHere() {
		return setup().startedHere();
	}

	/**
	 * Point a client builder at the test endpoint, with the test Region, the test credentials and
	 * the SDK's standard retries.
	 * @param <B> the builder type
	 * @param builder the builder
	 * @return the builder
	 */
	public static <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
		return configure(builder, region());
	}

	/**
	 * Point a client builder at the test endpoint, in the given Region, with the test credentials
	 * and the SDK's standard retries.
	 * @param <B> the builder type
	 * @param builder the builder
	 * @param region the Region
	 * @return the builder
	 */
	public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region) {
		builder.endpointOverride(endpoint())
			.region(region)
			.credentialsProvider(credentialsProvider())
			.overrideConfiguration((config) -> config.retryStrategy(RetryMode.STANDARD));
		return builder;
	}

	public static SsmClient ssm() {
		return configure(SsmClient.builder()).build();
	}

	public static SecretsManagerClient secretsManager() {
		return configure(SecretsManagerClient.builder()).build();
	}

	public static KmsClient kms() {
		return configure(KmsClient.builder()).build();
	}

	/**
	 * Properties that point the starter (through Spring Cloud AWS's settings) at the test endpoint,
	 * in the test Region. Credentials are among them only when they are the dummy ones of an
	 * emulator started here: otherwise the application finds the same credentials the test clients
	 * use through the same default chain, in the same JVM, and real credentials are never written
	 * to a file or a command line.
	 * @return the properties as {@code key=value} strings
	 */
	public static String[] springProperties() {
		List<String> properties = new ArrayList<>();
		properties.add("spring.cloud.aws.endpoint=" + endpoint());
		properties.add("spring.cloud.aws.region.static=" + region().id());
		if (setup().fallbackCredentials()) {
			properties.add("spring.cloud.aws.credentials.access-key=" + FALLBACK_CREDENTIALS.accessKeyId());
			properties.add("spring.cloud.aws.credentials.secret-key=" + FALLBACK_CREDENTIALS.secretAccessKey());
		}
		properties.add("secret-resolver.startup-timeout=20s");
		return properties.toArray(String[]::new);
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
		List<String> arguments = new ArrayList<>();
		for (String property : springProperties()) {
			String name = property.substring(0, property.indexOf('='));
			boolean overridden = Arrays.stream(extraArguments)
				.anyMatch((argument) -> argument.startsWith("--" + name + "="));
			if (!overridden) {
				arguments.add("--" + (name.equals("spring.cloud.aws.endpoint") ? name + "=" + endpoint : property));
			}
		}
		arguments.addAll(List.of(extraArguments));
		return arguments.toArray(String[]::new);
	}

	/**
	 * Return the environment variables that give a separate process (an application, the AWS CLI)
	 * the test endpoint, Region and credentials, and nothing that would make its default chains
	 * find others.
	 * @return the variables to set; a {@code null} value means the variable must be removed
	 */
	public static Map<String, String> environmentVariables() {
		AwsCredentials credentials = credentialsProvider().resolveCredentials();
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("AWS_ENDPOINT_URL", endpoint().toString());
		variables.put("AWS_REGION", region().id());
		variables.put("AWS_DEFAULT_REGION", region().id());
		variables.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
		variables.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
		variables.put("AWS_SESSION_TOKEN",
				(credentials instanceof AwsSessionCredentials session) ? session.sessionToken() : null);
		return variables;
	}

	/**
	 * Apply {@link #environmentVariables()} to the environment of a process about to start.
	 * @param environment the environment, as {@link ProcessBuilder#environment()} returns it
	 */
	public static void applyTo(Map<String, String> environment) {
		environmentVariables().forEach((name, value) -> {
			if (value != null) {
				environment.put(name, value);
			}
			else {
				environment.remove(name);
			}
		});
	}

	public static String uniquePrefix() {
		return "/it/" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static synchronized Setup setup() {
		if (setup == null) {
			setup = Setup.locate();
		}
		return setup;
	}

	/**
	 * What was chosen for this JVM.
	 */
	private record Setup(URI endpoint, Region region, AwsCredentialsProvider credentialsProvider,
			boolean startedHere, boolean fallbackCredentials) {

		static Setup locate() {
			String configured = System.getProperty("aws.endpointUrl", System.getenv("AWS_ENDPOINT_URL"));
			if (configured != null && !configured.isBlank()) {
				return given(URI.create(configured.strip()));
			}
			URI moto = startMoto();
			if (moto != null) {
				return startedHere(moto, FALLBACK_REGION, FALLBACK_CREDENTIALS);
			}
			if (DockerClientFactory.instance().isDockerAvailable()) {
				LocalStackContainer localStack = new LocalStackContainer(
						DockerImageName.parse("localstack/localstack:4.4"));
				localStack.start();
				Runtime.getRuntime().addShutdownHook(new Thread(localStack::stop));
				return startedHere(localStack.getEndpoint(), Region.of(localStack.getRegion()),
						AwsBasicCredentials.create(localStack.getAccessKey(), localStack.getSecretKey()));
			}
			Assumptions.abort("No AWS endpoint: set AWS_ENDPOINT_URL, install moto[server] or start Docker");
			throw new IllegalStateException("unreachable");
		}

		/**
		 * An endpoint given by the environment: the Region and credentials must come from the
		 * environment too.
		 */
		private static Setup given(URI endpoint) {
			Region region = regionFromEnvironment();
			if (region == null) {
				throw new IllegalStateException("AWS_ENDPOINT_URL is set (" + endpoint + ") but no AWS Region is: set "
						+ "AWS_REGION (or AWS_DEFAULT_REGION, the aws.region system property, or a profile Region)");
			}
			AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
			try {
				credentials.resolveCredentials();
			}
			catch (SdkException ex) {
				throw new IllegalStateException("AWS_ENDPOINT_URL is set (" + endpoint + ") but the AWS SDK finds no "
						+ "credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (dummy values for an emulator)",
						ex);
			}
			return new Setup(endpoint, region, credentials, false, false);
		}

		/**
		 * An emulator started here: the environment's Region and credentials when it holds any,
		 * the emulator's dummy ones otherwise.
		 */
		private static Setup startedHere(URI endpoint, Region fallbackRegion, AwsCredentials fallbackCredentials) {
			Region region = regionFromEnvironment();
			AwsCredentialsProvider credentials = AwsCredentialsProviderChain.of(
					SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create(),
					ProfileCredentialsProvider.create());
			boolean fallback;
			try {
				credentials.resolveCredentials();
				fallback = false;
			}
			catch (SdkException ex) {
				credentials = StaticCredentialsProvider.create(fallbackCredentials);
				fallback = true;
			}
			return new Setup(endpoint, (region != null) ? region : fallbackRegion, credentials, true, fallback);
		}

		private static Region regionFromEnvironment() {
			for (String candidate : new String[] { System.getProperty("aws.region"), System.getenv("AWS_REGION"),
					System.getenv("AWS_DEFAULT_REGION") }) {
				if (candidate != null && !candidate.isBlank()) {
					return Region.of(candidate.strip());
				}
			}
			try {
				return new AwsProfileRegionProvider().getRegion();
			}
			catch (SdkException ex) {
				return null;
			}
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
				ProcessBuilder builder = new ProcessBuilder(
						List.of(executable, "-H", "127.0.0.1", "-p", String.valueOf(port)))
					.redirectErrorStream(true)
					.redirectOutput(log.toFile());
				builder.environment().put("MOTO_ALLOW_NONEXISTENT_REGION", "true");
				Process process = builder.start();
				Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
				URI uri = URI.create("http://127.0.0.1:" + port);
				awaitReady(uri);
				return uri;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start moto_server", ex);
			}
		}

		private static void awaitReady(URI uri) {
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				try {
					HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/")
						.toURL()
						.openConnection();
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
			throw new IllegalStateException("moto_server did not start within " + START_TIMEOUT);
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

		@Override
		public String toString() {
			return "AWS test environment [endpoint=" + this.endpoint + ", region=" + this.region + ", credentials="
					+ (this.fallbackCredentials ? "dummy" : "from the environment") + "]";
		}

	}

}
