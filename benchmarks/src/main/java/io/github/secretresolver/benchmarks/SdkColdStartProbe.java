package io.github.secretresolver.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Scenario 12's program, run in a JVM of its own with only the AWS SDK on the class path (no
 * Spring, no starter class): builds the three clients the starter uses, configured as the starter
 * configures them (the URL connection HTTP client, one attempt, static credentials and Region, the
 * endpoint given), and makes one call with each, reading the first reference of each service from
 * a references file. Prints the times since the JVM started as {@code key=value} lines.
 * <p>
 * Arguments: the endpoint, the references file, and {@code serial} (one thread) or
 * {@code concurrent} (a thread per client, as the starter's fetch does); with {@code idle} it only
 * prints when {@code main} was reached.
 */
public final class SdkColdStartProbe {

	private static final Pattern SSM = Pattern.compile("<<resolve:ssm:([^>|]+)>>");

	private static final Pattern SECRET = Pattern.compile("<<resolve:secretsmanager:([^:>|]+)");

	private static final Pattern KMS = Pattern.compile("<<resolve:kms:([^:>|]+)>>");

	private SdkColdStartProbe() {
	}

	public static void main(String[] args) throws Exception {
		long start = ManagementFactory.getRuntimeMXBean().getStartTime();
		System.out.println("main=" + (System.currentTimeMillis() - start));
		if (args[0].equals("idle")) {
			return;
		}
		URI endpoint = URI.create(args[0]);
		String references = Files.readString(Path.of(args[1]));
		String ssmName = first(SSM, references);
		String secretId = first(SECRET, references);
		byte[] ciphertext = Base64.getDecoder().decode(first(KMS, references));
		List<Runnable> work = List.of(() -> {
			try (SsmClient ssm = configure(SsmClient.builder(), endpoint).build()) {
				ssm.getParameters((request) -> request.names(ssmName).withDecryption(true));
			}
		}, () -> {
			try (SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), endpoint).build()) {
				secrets.getSecretValue((request) -> request.secretId(secretId));
			}
		}, () -> {
			try (KmsClient kms = configure(KmsClient.builder(), endpoint).build()) {
				kms.decrypt((request) -> request.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)));
			}
		});
		if (args[2].equals("concurrent")) {
			ExecutorService threads = Executors.newFixedThreadPool(work.size());
			List<Future<?>> done = new ArrayList<>();
			work.forEach((task) -> done.add(threads.submit(task)));
			for (Future<?> future : done) {
				future.get();
			}
			threads.shutdown();
		}
		else {
			work.forEach(Runnable::run);
		}
		System.out.println("done=" + (System.currentTimeMillis() - start));
		System.out.println("classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
	}

	private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
			URI endpoint) {
		Duration attempt = Duration.ofSeconds(5);
		builder.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
			.endpointOverride(endpoint)
			.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(attempt).socketTimeout(attempt))
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build())
				.apiCallAttemptTimeout(attempt)
				.build());
		return builder;
	}

	private static String first(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalArgumentException("no reference matches " + pattern);
		}
		return matcher.group(1);
	}

}
