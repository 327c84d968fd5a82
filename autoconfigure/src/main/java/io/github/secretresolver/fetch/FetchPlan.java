package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import org.jspecify.annotations.Nullable;

/**
 * The AWS calls needed to fetch a set of references: distinct parameter names grouped by Region
 * in batches of {@value ParameterStoreFetcher#MAX_NAMES_PER_CALL}, distinct current secrets grouped
 * by Region in batches of {@value SecretsManagerFetcher#MAX_IDS_PER_CALL}, and one call per
 * secret whose version is pinned, and one KMS {@code Decrypt} per distinct ciphertext (none for a
 * ciphertext already decrypted in this JVM). This is the fewest calls the AWS APIs allow.
 *
 * @param parameterBatches the {@code GetParameters} calls
 * @param secretBatches the {@code BatchGetSecretValue} and {@code GetSecretValue} calls
 * @param kmsDecrypts the KMS decryptions
 * @author Secret Resolver contributors
 */
record FetchPlan(List<ParameterBatch> parameterBatches, List<SecretBatch> secretBatches, List<KmsDecrypt> kmsDecrypts) {

	static FetchPlan of(Collection<? extends SecretReference> references) {
		return of(references, (service) -> Optional.empty());
	}

	/**
	 * Plan the calls for references, an ARN in the configured Region of its service going with
	 * the names (they are read by the same client, so they share batches).
	 * @param references the references
	 * @param configuredRegion the configured Region of each service, if known
	 * @return the plan
	 */
	static FetchPlan of(Collection<? extends SecretReference> references,
			Function<ReferenceService, Optional<String>> configuredRegion) {
		Function<SecretReference, Optional<String>> regionOf = (reference) -> reference.arnRegion()
			.filter((region) -> !configuredRegion.apply(reference.service()).map(region::equals).orElse(false));
		Map<Optional<String>, Set<ParameterRead>> parameterReads = new LinkedHashMap<>();
		Map<Optional<String>, Set<SecretsManagerReference>> currentSecrets = new LinkedHashMap<>();
		Set<SecretsManagerReference> pinnedSecrets = new LinkedHashSet<>();
		Set<KmsDecrypt> kmsDecrypts = new LinkedHashSet<>();
		for (SecretReference reference : references) {
			if (reference instanceof ParameterReference parameter) {
				parameterReads.computeIfAbsent(regionOf.apply(parameter), (region) -> new LinkedHashSet<>())
					.add(ParameterRead.of(parameter));
			}
			else if (reference instanceof KmsReference kms) {
				kmsDecrypts.add(new KmsDecrypt(regionOf.apply(kms), kms));
			}
			else if (reference instanceof SecretsManagerReference secret) {
				if (secret.isVersionPinned()) {
					pinnedSecrets.add(secret.wholeSecret());
				}
				else {
					currentSecrets.computeIfAbsent(regionOf.apply(secret), (region) -> new LinkedHashSet<>())
						.add(secret.wholeSecret());
				}
			}
		}
		List<ParameterBatch> parameterBatches = new ArrayList<>();
		parameterReads.forEach((region, reads) -> partitionByParameter(reads)
			.forEach((batch) -> parameterBatches.add(new ParameterBatch(region, batch))));
		List<SecretBatch> secretBatches = new ArrayList<>();
		currentSecrets.forEach((region, secrets) -> partition(List.copyOf(secrets),
				SecretsManagerFetcher.MAX_IDS_PER_CALL)
			.forEach((batch) -> secretBatches.add(new SecretBatch(region, batch))));
		pinnedSecrets.forEach((secret) -> secretBatches.add(new SecretBatch(regionOf.apply(secret), List.of(secret))));
		return new FetchPlan(List.copyOf(parameterBatches), List.copyOf(secretBatches), List.copyOf(kmsDecrypts));
	}

	/**
	 * Return how many AWS calls the plan makes when every call succeeds.
	 * @return the number of calls
	 */
	int callCount() {
		return this.parameterBatches.size() + this.secretBatches.size() + this.kmsDecrypts.size();
	}

	/**
	 * Split names into batches of at most {@value ParameterStoreFetcher#MAX_NAMES_PER_CALL}, with
	 * each parameter at most once per batch, so that every returned parameter maps to exactly one
	 * requested name even when the response carries no selector.
	 */
	private static List<List<ParameterRead>> partitionByParameter(Set<ParameterRead> reads) {
		List<List<ParameterRead>> batches = new ArrayList<>();
		for (ParameterRead read : reads) {
			List<ParameterRead> batch = batches.stream()
				.filter((candidate) -> candidate.size() < ParameterStoreFetcher.MAX_NAMES_PER_CALL
						&& candidate.stream().map(ParameterRead::name).noneMatch(read.name()::equals))
				.findFirst()
				.orElse(null);
			if (batch == null) {
				batch = new ArrayList<>();
				batches.add(batch);
			}
			batch.add(read);
		}
		return batches.stream().map(List::copyOf).toList();
	}

	private static <T> List<List<T>> partition(List<T> items, int size) {
		List<List<T>> batches = new ArrayList<>();
		for (int start = 0; start < items.size(); start += size) {
			batches.add(items.subList(start, Math.min(start + size, items.size())));
		}
		return batches;
	}

	/**
	 * One {@code GetParameters} call.
	 *
	 * @param region the Region from the ARNs of the names, or empty for the configured one
	 * @param reads the distinct parameter reads, at most one per parameter
	 */
	record ParameterBatch(Optional<String> region, List<ParameterRead> reads) {

		/**
		 * Return the names as {@code GetParameters} takes them.
		 * @return each name or ARN with its optional {@code :version} or {@code :label}
		 */
		List<String> namesWithSelectors() {
			return this.reads.stream().map(ParameterRead::nameWithSelector).toList();
		}

	}

	/**
	 * One parameter version to read: what {@code ssm} and {@code ssm-secure} references to the same
	 * parameter share.
	 *
	 * @param name the parameter name or ARN
	 * @param selector the version or label, or {@code null} for the latest version
	 * @param arn whether the name is an ARN
	 */
	record ParameterRead(String name, @Nullable String selector, boolean arn) {

		static ParameterRead of(ParameterReference reference) {
			return new ParameterRead(reference.name(), reference.selector(), reference.isArn());
		}

		/**
		 * Return the same read for a replica in another Region (an ARN names the Region).
		 */
		ParameterRead inRegion(Optional<String> region) {
			return (this.arn && region.isPresent())
					? of(new ParameterReference(ReferenceService.SSM, this.name, this.selector).inRegion(region.get()))
					: this;
		}

		String nameWithSelector() {
			return (this.selector != null) ? this.name + ":" + this.selector : this.name;
		}

	}

	/**
	 * One KMS decryption.
	 *
	 * @param region the Region from the reference's key ARN, or empty for the configured one
	 * @param reference the reference
	 */
	record KmsDecrypt(Optional<String> region, KmsReference reference) {
	}

	/**
	 * One {@code BatchGetSecretValue} call for current versions, or one {@code GetSecretValue}
	 * call for a single secret (pinned, or alone in its Region).
	 *
	 * @param region the Region from the ARNs of the secrets, or empty for the configured one
	 * @param secrets the whole-secret references
	 */
	record SecretBatch(Optional<String> region, List<SecretsManagerReference> secrets) {

		boolean isSingle() {
			return this.secrets.size() == 1;
		}

	}

}
