package io.github.secretresolver.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.github.secretresolver.fetch.AwsClientFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** AWS clients, the seed data and the client factory handed to the resolver. */
final class Aws {

	static final Region REGION = Region.US_EAST_1;

	static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("test", "test"));

	private Aws() {
	}

	static ClientOverrideConfiguration retries(RetryMode mode) {
		return ClientOverrideConfiguration.builder().retryStrategy(mode).build();
	}

	/** Clients pointing at an endpoint (the proxy), static test credentials, us-east-1. */
	static AwsClientFactory factory(URI endpoint, RetryMode mode) {
		return new AwsClientFactory() {

			@Override
			public SsmClient createSsmClient(Region region) {
				return configure(SsmClient.builder(), endpoint, region, mode).build();
			}

			@Override
			public SecretsManagerClient createSecretsManagerClient(Region region) {
				return configure(SecretsManagerClient.builder(), endpoint, region, mode).build();
			}

			@Override
			public KmsClient createKmsClient(Region region) {
				return configure(KmsClient.builder(), endpoint, region, mode).build();
			}

		};
	}

	private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint, Region region,
			RetryMode mode) {
		return builder.endpointOverride(endpoint)
			.region((region != null) ? region : REGION)
			.credentialsProvider(CREDENTIALS)
			.overrideConfiguration(retries(mode));
	}

	static SsmClient ssm(URI endpoint) {
		return factory(endpoint, RetryMode.STANDARD).createSsmClient(null);
	}

	static SecretsManagerClient secretsManager(URI endpoint) {
		return factory(endpoint, RetryMode.STANDARD).createSecretsManagerClient(null);
	}

	static KmsClient kms(URI endpoint) {
		return factory(endpoint, RetryMode.STANDARD).createKmsClient(null);
	}

	/** Seed moto directly (not through the proxy) with the parameters and secrets of a dataset. */
	static void seed(URI moto, Dataset data) {
		try (SsmClient ssm = ssm(moto); SecretsManagerClient sm = secretsManager(moto)) {
			for (int i = 0; i < data.ssm; i++) {
				String name = data.ssmName(i);
				ssm.putParameter((r) -> r.name(name).value(Dataset.value(name)).type(ParameterType.STRING).overwrite(true));
			}
			for (int i = 0; i < data.secure; i++) {
				String name = data.secureName(i);
				ssm.putParameter(
						(r) -> r.name(name).value(Dataset.value(name)).type(ParameterType.SECURE_STRING).overwrite(true));
			}
			for (int j = 0; j < data.secrets; j++) {
				String id = data.secretId(j);
				String json = data.secretJson(j);
				try {
					sm.createSecret((r) -> r.name(id).secretString(json));
				}
				catch (ResourceExistsException ex) {
					sm.putSecretValue((r) -> r.secretId(id).secretString(json));
				}
			}
		}
	}

	static String createKey(URI moto) {
		try (KmsClient kms = kms(moto)) {
			return kms.createKey((r) -> r.description("secret-resolver benchmarks")).keyMetadata().keyId();
		}
	}

	/**
	 * Encrypt the KMS plaintexts of a dataset afresh (directly at moto): new ciphertexts, so the
	 * resolver's JVM-wide plaintext cache cannot answer them.
	 */
	static List<String> freshCiphertexts(URI moto, String keyId, Dataset data) {
		List<String> ciphertexts = new ArrayList<>();
		try (KmsClient kms = kms(moto)) {
			for (int i = 0; i < data.kms; i++) {
				String plaintext = data.kmsPlaintext(i);
				SdkBytes blob = kms.encrypt((r) -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext)))
					.ciphertextBlob();
				ciphertexts.add(Base64.getEncoder().encodeToString(blob.asByteArray()));
			}
		}
		return ciphertexts;
	}

}
