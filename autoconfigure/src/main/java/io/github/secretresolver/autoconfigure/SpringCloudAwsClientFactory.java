package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.secretresolver.autoconfigure.SpringCloudAwsSettings.Service;
import io.github.secretresolver.fetch.AwsClientFactory;
import io.github.secretresolver.reference.ReferenceService;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.defaultsmode.DefaultsMode;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * Creates the AWS clients the starter uses, configured from Spring Cloud AWS's
 * {@code spring.cloud.aws.*} settings with Spring Cloud AWS's precedence (credentials, Region,
 * global and per-service endpoints, defaults mode, FIPS and dual-stack) and the registrations of
 * the {@code BootstrapRegistry}, falling back to the AWS SDK's default chains (including
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}). The sync clients use the JDK's
 * URL connection HTTP client, the lightest to load. Retries and timeouts are set explicitly so that
 * changes of the SDK's defaults do not change behaviour: the SDK makes one attempt per call (the
 * starter retries, bounded by time), each attempt bounded by the attempt timeout. Credentials and
 * Region providers are created once, on first use.
 *
 * @author Secret Resolver contributors
 */
final class SpringCloudAwsClientFactory implements AwsClientFactory {

	private static final String USER_AGENT_SUFFIX = "secret-resolver";

	private final SpringCloudAwsSettings settings;

	private final ClientRegistrations registrations;

	private final ResilienceSettings resilience;

	private volatile @Nullable Providers providers;

	SpringCloudAwsClientFactory(SpringCloudAwsSettings settings, ClientRegistrations registrations,
			ResilienceSettings resilience) {
		this.settings = settings;
		this.registrations = registrations;
		this.resilience = resilience;
	}

	@Override
	public SsmClient createSsmClient(@Nullable Region region) {
		SsmClientBuilder builder = configureSync(SsmClient.builder(), this.settings.parameterstore(), region);
		customize(builder, this.registrations.ssm());
		return builder.build();
	}

	@Override
	public SecretsManagerClient createSecretsManagerClient(@Nullable Region region) {
		SecretsManagerClientBuilder builder = configureSync(SecretsManagerClient.builder(),
				this.settings.secretsmanager(), region);
		customize(builder, this.registrations.secretsManager());
		return builder.build();
	}

	@Override
	public KmsClient createKmsClient(@Nullable Region region) {
		KmsClientBuilder builder = configureSync(KmsClient.builder(), this.settings.kms(), region);
		customize(builder, this.registrations.kms());
		return builder.build();
	}

	@Override
	public Optional<String> configuredRegion(ReferenceService service) {
		Service settings = switch (service) {
			case SSM, SSM_SECURE -> this.settings.parameterstore();
			case SECRETS_MANAGER -> this.settings.secretsmanager();
			case KMS -> this.settings.kms();
		};
		try {
			return Optional.of(region(settings, providers().region()).id());
		}
		catch (RuntimeException ex) {
			// no Region configured: creating a client reports it
			return Optional.empty();
		}
	}

	/**
	 * Create the SQS client that receives rotation events, configured from
	 * {@code spring.cloud.aws.sqs.*} with the SDK's own retries and timeouts (long polls outlast
	 * the resolver's attempt timeout).
	 * @return a new client
	 */
	SqsAsyncClient createSqsAsyncClient() {
		return configure(SqsAsyncClient.builder(), this.settings.sqs(), null).build();
	}

	/**
	 * Create the SQS client that creates, tags and deletes the queues of topic subscriptions,
	 * configured from {@code spring.cloud.aws.sqs.*}.
	 * @return a new client
	 */
	SqsClient createSqsClient() {
		return configureManagement(SqsClient.builder(), this.settings.sqs()).build();
	}

	/**
	 * Create the SNS client that subscribes queues to the rotation events topic, configured from
	 * {@code spring.cloud.aws.sns.*}.
	 * @param topicRegion the Region of the topic, used unless {@code spring.cloud.aws.sns.region}
	 * is set
	 * @return a new client
	 */
	SnsClient createSnsClient(@Nullable String topicRegion) {
		SnsClientBuilder builder = configureManagement(SnsClient.builder(), this.settings.sns());
		if (this.settings.sns().region() == null && topicRegion != null) {
			builder.region(Region.of(topicRegion));
		}
		return builder.build();
	}

	private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configureSync(B builder,
			Service service, @Nullable Region region) {
		configure(builder, service, region);
		builder.httpClientBuilder(UrlConnectionHttpClient.builder()
			.connectionTimeout(this.resilience.attemptTimeout())
			.socketTimeout(this.resilience.attemptTimeout()));
		builder.overrideConfiguration(builder.overrideConfiguration()
			.toBuilder()
			.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build())
			.apiCallAttemptTimeout(this.resilience.attemptTimeout())
			.apiCallTimeout(this.resilience.attemptTimeout())
			.build());
		this.registrations.common().forEach((customizer) -> customizer.accept(builder));
		return builder;
	}

	/**
	 * Configure a sync client for calls off the resolution path (subscriptions, heartbeats): the
	 * URL connection HTTP client, each attempt bounded by the attempt timeout, and the SDK's
	 * standard retries, since nothing else retries these calls.
	 */
	private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configureManagement(B builder,
			Service service) {
		configure(builder, service, null);
		builder.httpClientBuilder(UrlConnectionHttpClient.builder()
			.connectionTimeout(this.resilience.attemptTimeout())
			.socketTimeout(this.resilience.attemptTimeout()));
		builder.overrideConfiguration(builder.overrideConfiguration()
			.toBuilder()
			.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
			.apiCallAttemptTimeout(this.resilience.attemptTimeout())
			.build());
		this.registrations.common().forEach((customizer) -> customizer.accept(builder));
		return builder;
	}

	/**
	 * Apply the settings in Spring Cloud AWS's order: credentials and Region, the global endpoint
	 * then the service's own, defaults mode, FIPS, the global dual-stack setting then the service's
	 * own.
	 */
	private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Service service, @Nullable Region region) {
		Providers providers = providers();
		builder.credentialsProvider(providers.credentials());
		builder.region((region != null) ? region : region(service, providers.region()));
		builder.overrideConfiguration(ClientOverrideConfiguration.builder()
			.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT_SUFFIX)
			.build());
		if (this.settings.endpoint() != null) {
			builder.endpointOverride(this.settings.endpoint());
		}
		if (service.endpoint() != null) {
			builder.endpointOverride(service.endpoint());
		}
		if (this.settings.defaultsMode() != null) {
			builder.defaultsMode(DefaultsMode.valueOf(this.settings.defaultsMode().trim().toUpperCase(Locale.ROOT)
				.replace('-', '_')));
		}
		if (this.settings.fipsEnabled() != null) {
			builder.fipsEnabled(this.settings.fipsEnabled());
		}
		if (this.settings.dualstackEnabled() != null) {
			builder.dualstackEnabled(this.settings.dualstackEnabled());
		}
		if (service.dualstackEnabled() != null) {
			builder.dualstackEnabled(service.dualstackEnabled());
		}
		return builder;
	}

	private static Region region(Service service, AwsRegionProvider provider) {
		return (service.region() != null) ? Region.of(service.region()) : provider.getRegion();
	}

	private static <B> void customize(B builder, List<Consumer<B>> customizers) {
		customizers.forEach((customizer) -> customizer.accept(builder));
	}

	/**
	 * Return the credentials and Region providers: those registered in the bootstrap context, or
	 * those the settings describe. Created on first use, so that an application whose references
	 * are all resolved elsewhere never looks up credentials.
	 */
	private Providers providers() {
		Providers current = this.providers;
		if (current == null) {
			synchronized (this) {
				current = this.providers;
				if (current == null) {
					AwsRegionProvider region = (this.registrations.regionProvider() != null)
							? this.registrations.regionProvider()
							: AwsProviders.regionProvider(this.settings.region());
					AwsCredentialsProvider credentials = (this.registrations.credentialsProvider() != null)
							? this.registrations.credentialsProvider()
							: AwsProviders.credentialsProvider(this.settings.credentials(), region);
					current = new Providers(credentials, region);
					this.providers = current;
				}
			}
		}
		return current;
	}

	/**
	 * Timeouts of the clients.
	 *
	 * @param attemptTimeout time allowed for one attempt of a call
	 */
	record ResilienceSettings(Duration attemptTimeout) {
	}

	private record Providers(AwsCredentialsProvider credentials, AwsRegionProvider region) {
	}

}
