package io.github.secretresolver;

import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Customizes the KMS client the starter builds to decrypt {@code <<resolve:kms:...>>} references,
 * after every setting read from {@code spring.cloud.aws.*} is applied. Register one in the
 * {@code BootstrapRegistry} (the clients exist before any bean), as Spring Cloud AWS's
 * {@code SsmClientCustomizer} and {@code SecretsManagerClientCustomizer}, which the starter honours
 * for its Parameter Store and Secrets Manager clients:
 * <pre class="code">
 * public class AwsClientsInitializer implements BootstrapRegistryInitializer {
 *
 *     public void initialize(BootstrapRegistry registry) {
 *         registry.register(KmsClientCustomizer.class,
 *                 (context) -&gt; (builder) -&gt; builder.overrideConfiguration((o) -&gt; o.apiCallTimeout(Duration.ofSeconds(2))));
 *     }
 *
 * }
 * </pre>
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface KmsClientCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder of the KMS client
	 */
	void customize(KmsClientBuilder builder);

}
