package io.github.secretresolver.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.secretresolver.KmsClientCustomizer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.util.ClassUtils;

/**
 * What an application registered in the {@code BootstrapRegistry} (with a
 * {@code BootstrapRegistryInitializer}) to configure AWS clients built before any bean exists: the
 * same registrations Spring Cloud AWS honours for its config import. An {@link AwsCredentialsProvider}
 * or {@link AwsRegionProvider} wins over {@code spring.cloud.aws.credentials.*} and
 * {@code spring.cloud.aws.region.*}; customizers run after every setting, Spring Cloud AWS's
 * {@code AwsSyncClientCustomizer} first, then the service's own ({@code SsmClientCustomizer},
 * {@code SecretsManagerClientCustomizer}, and this project's {@link KmsClientCustomizer}).
 *
 * @param credentialsProvider the registered credentials provider, or {@code null}
 * @param regionProvider the registered Region provider, or {@code null}
 * @param common customizers of every client
 * @param ssm customizers of Parameter Store clients
 * @param secretsManager customizers of Secrets Manager clients
 * @param kms customizers of KMS clients
 * @author Secret Resolver contributors
 */
record ClientRegistrations(@Nullable AwsCredentialsProvider credentialsProvider,
		@Nullable AwsRegionProvider regionProvider, List<Consumer<AwsSyncClientBuilder<?, ?>>> common,
		List<Consumer<SsmClientBuilder>> ssm, List<Consumer<SecretsManagerClientBuilder>> secretsManager,
		List<Consumer<KmsClientBuilder>> kms) {

	private static final String SPRING_CLOUD_AWS_CUSTOMIZER = "io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer";

	static final ClientRegistrations NONE = new ClientRegistrations(null, null, List.of(), List.of(), List.of(),
			List.of());

	/**
	 * Read the registrations of a bootstrap context.
	 * @param context the bootstrap context
	 * @return the registrations
	 */
	static ClientRegistrations from(BootstrapContext context) {
		List<Consumer<AwsSyncClientBuilder<?, ?>>> common = new ArrayList<>();
		List<Consumer<SsmClientBuilder>> ssm = new ArrayList<>();
		List<Consumer<SecretsManagerClientBuilder>> secretsManager = new ArrayList<>();
		List<Consumer<KmsClientBuilder>> kms = new ArrayList<>();
		if (ClassUtils.isPresent(SPRING_CLOUD_AWS_CUSTOMIZER, ClientRegistrations.class.getClassLoader())) {
			SpringCloudAwsCustomizers.addTo(context, common, ssm, secretsManager);
		}
		KmsClientCustomizer kmsCustomizer = registered(context, KmsClientCustomizer.class);
		if (kmsCustomizer != null) {
			kms.add(kmsCustomizer::customize);
		}
		return new ClientRegistrations(registered(context, AwsCredentialsProvider.class),
				registered(context, AwsRegionProvider.class), List.copyOf(common), List.copyOf(ssm),
				List.copyOf(secretsManager), List.copyOf(kms));
	}

	static <T> @Nullable T registered(BootstrapContext context, Class<T> type) {
		return context.isRegistered(type) ? context.get(type) : null;
	}

}
