package io.github.secretresolver.fetch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@link AwsClientFactory} for unit tests: hands out the same fake client of each service for
 * every Region, and records the Regions it was asked for ({@code empty} for the configured one).
 *
 * @author Secret Resolver contributors
 */
final class FakeAwsClientFactory implements AwsClientFactory {

	private final FakeSsmClient ssm;

	private final FakeSecretsManagerClient secretsManager;

	private final FakeKmsClient kms;

	private final List<Optional<Region>> ssmRegions = new CopyOnWriteArrayList<>();

	private final List<Optional<Region>> secretsManagerRegions = new CopyOnWriteArrayList<>();

	private final List<Optional<Region>> kmsRegions = new CopyOnWriteArrayList<>();

	FakeAwsClientFactory(FakeSsmClient ssm, FakeSecretsManagerClient secretsManager, FakeKmsClient kms) {
		this.ssm = ssm;
		this.secretsManager = secretsManager;
		this.kms = kms;
	}

	@Override
	public SsmClient createSsmClient(@Nullable Region region) {
		this.ssmRegions.add(Optional.ofNullable(region));
		return this.ssm;
	}

	@Override
	public SecretsManagerClient createSecretsManagerClient(@Nullable Region region) {
		this.secretsManagerRegions.add(Optional.ofNullable(region));
		return this.secretsManager;
	}

	@Override
	public KmsClient createKmsClient(@Nullable Region region) {
		this.kmsRegions.add(Optional.ofNullable(region));
		return this.kms;
	}

	List<Optional<Region>> ssmRegions() {
		return this.ssmRegions;
	}

	List<Optional<Region>> secretsManagerRegions() {
		return this.secretsManagerRegions;
	}

	List<Optional<Region>> kmsRegions() {
		return this.kmsRegions;
	}

}
