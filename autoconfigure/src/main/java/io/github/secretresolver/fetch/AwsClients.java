package io.github.secretresolver.fetch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.secretresolver.reference.ReferenceService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of one application, created on first use (one per service and Region) and
 * closed together. A service no reference uses never gets a client, and the factory itself is
 * created only when the first client is needed, so that an application without references loads
 * no AWS SDK class. Thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class AwsClients implements AutoCloseable {

	private static final String CONFIGURED_REGION = "";

	private final Supplier<? extends AwsClientFactory> factorySupplier;

	private volatile @Nullable AwsClientFactory factory;

	private final Map<String, SsmClient> ssmClients = new ConcurrentHashMap<>();

	private final Map<String, SecretsManagerClient> secretsManagerClients = new ConcurrentHashMap<>();

	private final Map<String, KmsClient> kmsClients = new ConcurrentHashMap<>();

	private final Map<ReferenceService, Optional<String>> configuredRegions = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Create a new instance.
	 * @param factory the factory that creates the clients
	 */
	public AwsClients(AwsClientFactory factory) {
		this(() -> factory);
	}

	/**
	 * Create a new instance whose factory is created when the first client is needed.
	 * @param factorySupplier supplies the factory that creates the clients
	 */
	public AwsClients(Supplier<? extends AwsClientFactory> factorySupplier) {
		this.factorySupplier = factorySupplier;
	}

	private AwsClientFactory factory() {
		AwsClientFactory current = this.factory;
		if (current == null) {
			synchronized (this) {
				current = this.factory;
				if (current == null) {
					current = this.factorySupplier.get();
					this.factory = current;
				}
			}
		}
		return current;
	}

	/**
	 * Return the Parameter Store client for a Region, creating it on first use.
	 * @param region the Region from a reference's ARN, or empty for the configured one
	 * @return the client
	 */
	public SsmClient ssm(Optional<String> region) {
		checkOpen();
		return this.ssmClients.computeIfAbsent(region.orElse(CONFIGURED_REGION),
				(key) -> factory().createSsmClient(region.map(Region::of).orElse(null)));
	}

	/**
	 * Return the Secrets Manager client for a Region, creating it on first use.
	 * @param region the Region from a reference's ARN, or empty for the configured one
	 * @return the client
	 */
	public SecretsManagerClient secretsManager(Optional<String> region) {
		checkOpen();
		return this.secretsManagerClients.computeIfAbsent(region.orElse(CONFIGURED_REGION),
				(key) -> factory().createSecretsManagerClient(region.map(Region::of).orElse(null)));
	}

	/**
	 * Return the KMS client for a Region, creating it on first use.
	 * @param region the Region from a reference's key ARN, or empty for the configured one
	 * @return the client
	 */
	public KmsClient kms(Optional<String> region) {
		checkOpen();
		return this.kmsClients.computeIfAbsent(region.orElse(CONFIGURED_REGION),
				(key) -> factory().createKmsClient(region.map(Region::of).orElse(null)));
	}

	/**
	 * Return the Region a service's clients use when a reference names none, if known.
	 * @param service the service
	 * @return the Region id, or empty if unknown
	 */
	public Optional<String> configuredRegion(ReferenceService service) {
		return this.configuredRegions.computeIfAbsent(service, (key) -> factory().configuredRegion(key));
	}

	/**
	 * Return how many clients have been created.
	 * @return the number of open clients
	 */
	public int size() {
		return this.ssmClients.size() + this.secretsManagerClients.size() + this.kmsClients.size();
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("The AWS clients are closed");
		}
	}

	/**
	 * Close every client created so far; no client is created afterwards.
	 */
	@Override
	public void close() {
		this.closed = true;
		if (this.factory == null) {
			// nothing was created: touch no AWS SDK class
			return;
		}
		this.ssmClients.values().forEach(SdkAutoCloseable::close);
		this.secretsManagerClients.values().forEach(SdkAutoCloseable::close);
		this.kmsClients.values().forEach(SdkAutoCloseable::close);
		this.ssmClients.clear();
		this.secretsManagerClients.clear();
		this.kmsClients.clear();
	}

}
