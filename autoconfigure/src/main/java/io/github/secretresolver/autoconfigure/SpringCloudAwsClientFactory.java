package io.github.secretresolver.autoconfigure;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsProperties;
import io.awspring.cloud.autoconfigure.core.CredentialsProperties;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProperties;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.github.secretresolver.fetch.AwsClientFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * Creates AWS clients configured exactly as Spring Cloud AWS configures its own: credentials,
 * Region and endpoints from {@code spring.cloud.aws.*}, falling back to the AWS SDK's default
 * chains (including {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}). Retries are
 * set explicitly so that changes of the SDK's defaults do not change behaviour.
 *
 * @author Secret Resolver contributors
 */
final class SpringCloudAwsClientFactory implements AwsClientFactory {

	private static final String PREFIX = AwsProperties.CONFIG_PREFIX;

	private final Binder binder;

	private final SecretResolverProperties properties;

	private volatile @Nullable AwsClientBuilderConfigurer configurer;

	SpringCloudAwsClientFactory(Binder binder, SecretResolverProperties properties) {
		this.binder = binder;
		this.properties = properties;
	}

	@Override
	public SsmClient createSsmClient(@Nullable Region region) {
		return withResolverRetries(configure(SsmClient.builder(), "parameterstore", region)).build();
	}

	@Override
	public SecretsManagerClient createSecretsManagerClient(@Nullable Region region) {
		return withResolverRetries(configure(SecretsManagerClient.builder(), "secretsmanager", region)).build();
	}

	@Override
	public KmsClient createKmsClient(@Nullable Region region) {
		return withResolverRetries(configure(KmsClient.builder(), "kms", region)).build();
	}

	/**
	 * Create the SQS client that receives rotation events, configured from
	 * {@code spring.cloud.aws.sqs.*} with the SDK's own retries and timeouts (long polls outlast
	 * the resolver's attempt timeout).
	 * @return a new client
	 */
	SqsAsyncClient createSqsAsyncClient() {
		return configure(SqsAsyncClient.builder(), "sqs", null).build();
	}

	private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, @Nullable Region region) {
		AwsServiceClientProperties serviceProperties = bind(PREFIX + "." + service, AwsServiceClientProperties.class,
				new AwsServiceClientProperties());
		configurer().configure(builder, serviceProperties, null);
		if (region != null) {
			builder.region(region);
		}
		return builder;
	}

	private <B extends AwsClientBuilder<B, ?>> B withResolverRetries(B builder) {
		builder.overrideConfiguration(builder.overrideConfiguration()
			.toBuilder()
			.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
				.toBuilder()
				.maxAttempts(this.properties.getMaxAttempts())
				.build())
			.apiCallAttemptTimeout(this.properties.getAttemptTimeout())
			.apiCallTimeout(this.properties.getStartupTimeout())
			.build());
		return builder;
	}

	private AwsClientBuilderConfigurer configurer() {
		AwsClientBuilderConfigurer current = this.configurer;
		if (current == null) {
			synchronized (this) {
				current = this.configurer;
				if (current == null) {
					current = createConfigurer();
					this.configurer = current;
				}
			}
		}
		return current;
	}

	private AwsClientBuilderConfigurer createConfigurer() {
		AwsRegionProvider regionProvider = RegionProviderAutoConfiguration
			.createRegionProvider(bind(RegionProperties.PREFIX, RegionProperties.class, new RegionProperties()));
		AwsCredentialsProvider credentialsProvider = CredentialsProviderAutoConfiguration.createCredentialsProvider(
				bind(CredentialsProperties.PREFIX, CredentialsProperties.class, new CredentialsProperties()),
				regionProvider);
		return new AwsClientBuilderConfigurer(credentialsProvider, regionProvider,
				bind(PREFIX, AwsProperties.class, new AwsProperties()));
	}

	private <T> T bind(String prefix, Class<T> type, T fallback) {
		return this.binder.bind(prefix, type).orElse(fallback);
	}

}
