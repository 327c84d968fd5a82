package io.github.secretresolver.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.config.parameterstore.SsmClientCustomizer;
import io.awspring.cloud.autoconfigure.config.secretsmanager.SecretsManagerClientCustomizer;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

import org.springframework.boot.bootstrap.BootstrapContext;

/**
 * Spring Cloud AWS's client customizers registered in the {@code BootstrapRegistry}, in a class of
 * its own so that the optional Spring Cloud AWS is loaded only when present.
 *
 * @author Secret Resolver contributors
 */
final class SpringCloudAwsCustomizers {

	private SpringCloudAwsCustomizers() {
	}

	static void addTo(BootstrapContext context, List<Consumer<AwsSyncClientBuilder<?, ?>>> common,
			List<Consumer<SsmClientBuilder>> ssm, List<Consumer<SecretsManagerClientBuilder>> secretsManager) {
		AwsSyncClientCustomizer syncCustomizer = ClientRegistrations.registered(context, AwsSyncClientCustomizer.class);
		if (syncCustomizer != null) {
			common.add(syncCustomizer::customize);
		}
		SsmClientCustomizer ssmCustomizer = ClientRegistrations.registered(context, SsmClientCustomizer.class);
		if (ssmCustomizer != null) {
			ssm.add(ssmCustomizer::customize);
		}
		SecretsManagerClientCustomizer secretsManagerCustomizer = ClientRegistrations.registered(context,
				SecretsManagerClientCustomizer.class);
		if (secretsManagerCustomizer != null) {
			secretsManager.add(secretsManagerCustomizer::customize);
		}
	}

}
