package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.secretresolver.reference.ReferenceService;
import org.jspecify.annotations.Nullable;

/**
 * Where to fetch when the Region of a reference keeps failing for transient reasons (an outage,
 * server errors, timeouts): ordered failover Regions, tried after {@code afterFailures} transient
 * failures in a row in the current one. Secrets Manager replicates secrets and KMS has multi-Region
 * keys, so they fail over; Parameter Store does not replicate, so it fails over only where the
 * application copies its parameters to the failover Regions itself and says so.
 *
 * @param regions the failover Regions, in order
 * @param parameterStore whether Parameter Store references fail over too
 * @param afterFailures transient failures in a row after which the next Region is tried
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record FailoverPolicy(List<String> regions, boolean parameterStore, int afterFailures) {

	/**
	 * No failover.
	 */
	public static final FailoverPolicy NONE = new FailoverPolicy(List.of(), false, Integer.MAX_VALUE);

	/**
	 * Create a policy.
	 * @param regions the failover Regions, in order
	 * @param parameterStore whether Parameter Store references fail over too
	 * @param afterFailures transient failures in a row after which the next Region is tried
	 */
	public FailoverPolicy {
		regions = List.copyOf(regions);
		if (afterFailures < 1) {
			throw new IllegalArgumentException("'afterFailures' must be at least 1");
		}
	}

	/**
	 * Return the Regions to try, in order, for calls planned in a Region.
	 * @param service the service, or {@code null} for calls that cannot fail over (a KMS key that
	 * is not multi-Region)
	 * @param planned the planned Region, empty for the configured one
	 * @return the planned Region first, then the failover Regions that apply
	 */
	List<Optional<String>> regions(@Nullable ReferenceService service, Optional<String> planned) {
		List<Optional<String>> regions = new ArrayList<>();
		regions.add(planned);
		boolean replicated = service == ReferenceService.SECRETS_MANAGER || service == ReferenceService.KMS
				|| (this.parameterStore && (service == ReferenceService.SSM || service == ReferenceService.SSM_SECURE));
		if (replicated) {
			this.regions.stream()
				.filter((region) -> !planned.map(region::equals).orElse(false))
				.forEach((region) -> regions.add(Optional.of(region)));
		}
		return regions;
	}

}
