package io.github.secretresolver.fetch;

import java.util.Optional;

import io.github.secretresolver.reference.ReferenceService;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Creates the AWS clients the resolver uses. Implementations apply credentials, endpoints and
 * retry settings; {@link AwsClients} decides when to call them and closes what they create.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public interface AwsClientFactory {

	/**
	 * Create a Parameter Store client.
	 * @param region the Region named by a reference's ARN, or {@code null} for the configured one
	 * @return a new client
	 */
	SsmClient createSsmClient(@Nullable Region region);

	/**
	 * Create a Secrets Manager client.
	 * @param region the Region named by a reference's ARN, or {@code null} for the configured one
	 * @return a new client
	 */
	SecretsManagerClient createSecretsManagerClient(@Nullable Region region);

	/**
	 * Create a KMS client.
	 * @param region the Region named by a reference's key ARN, or {@code null} for the configured one
	 * @return a new client
	 */
	KmsClient createKmsClient(@Nullable Region region);

	/**
	 * Return the Region a service's clients use when a reference names none, if it can be known
	 * without calling AWS: an ARN in that Region is read with the names.
	 * @param service the service
	 * @return the Region id, or empty if unknown
	 */
	default Optional<String> configuredRegion(ReferenceService service) {
		return Optional.empty();
	}

}
