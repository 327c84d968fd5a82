package io.github.secretresolver.fetch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
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
	 * Creating clients (shared) against closing them (exclusive), so that no client created while
	 * closing is left open.
	 */
	private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

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

	/**
	 * Create the factory now, on the calling thread, if it is not created yet: what it reads to
	 * configure clients is then read here rather than on the thread that needs the first client.
	 */
	public void prepare() {
		factory();
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
		return client(this.ssmClients, region, (inRegion) -> factory().createSsmClient(inRegion));
	}

	/**
	 * Return the Secrets Manager client for a Region, creating it on first use.
	 * @param region the Region from a reference's ARN, or empty for the configured one
	 * @return the client
	 */
	public SecretsManagerClient secretsManager(Optional<String> region) {
		return client(this.secretsManagerClients, region, (inRegion) -> factory().createSecretsManagerClient(inRegion));
	}

	/**
	 * Return the KMS client for a Region, creating it on first use.
	 * @param region the Region from a reference's key ARN, or empty for the configured one
	 * @return the client
	 */
	public KmsClient kms(Optional<String> region) {
		return client(this.kmsClients, region, (inRegion) -> factory().createKmsClient(inRegion));
	}

	/**
	 * Return a client, creating it on first use; clients of different services and Regions are
	 * created concurrently, never while {@link #close()} runs.
	 */
	private <C> C client(Map<String, C> clients, Optional<String> region, Function<@Nullable Region, C> create) {
		this.lifecycle.readLock().lock();
		try {
			checkOpen();
			return clients.computeIfAbsent(region.orElse(CONFIGURED_REGION),
					(key) -> create.apply(region.map(Region::of).orElse(null)));
		}
		finally {
			this.lifecycle.readLock().unlock();
		}
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
		this.lifecycle.writeLock().lock();
		try {
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
		finally {
			this.lifecycle.writeLock().unlock();
		}
	}

}
