package io.github.secretresolver.actuate.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.secretresolver.autoconfigure.EnvironmentReferenceResolver;
import io.github.secretresolver.autoconfigure.SecretRefresher;
import io.github.secretresolver.refresh.ReferenceStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link HealthIndicator} for values resolved from AWS. Reports {@link #STALE} when a value has
 * not been confirmed by a successful refresh for longer than the maximum staleness; the value is
 * still served, so the status maps to HTTP 200 unless configured otherwise
 * ({@code management.endpoint.health.status.http-mapping.STALE}). Never shows a value.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretsHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Status of an application that serves values AWS has not confirmed for too long.
	 */
	public static final Status STALE = new Status("STALE", "AWS values could not be refreshed for too long");

	private final EnvironmentReferenceResolver resolver;

	private final SecretRefresher refresher;

	private final Duration maxStaleness;

	private final Clock clock;

	/**
	 * Create a new indicator.
	 * @param resolver holds the references and their status
	 * @param refresher tells whether refreshes call AWS
	 * @param maxStaleness how long a value may go unconfirmed
	 * @param clock the clock
	 */
	public SecretsHealthIndicator(EnvironmentReferenceResolver resolver, SecretRefresher refresher,
			Duration maxStaleness, Clock clock) {
		super("AWS secrets health check failed");
		this.resolver = resolver;
		this.refresher = refresher;
		this.maxStaleness = maxStaleness;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = this.clock.instant();
		List<ReferenceStatus> statuses = this.resolver.statuses();
		List<String> stale = statuses.stream()
			.filter((status) -> status.staleness(now).compareTo(this.maxStaleness) > 0)
			.map((status) -> status.reference().text() + " (" + status.lastFailure().errorCode() + ")")
			.toList();
		long failing = statuses.stream().filter((status) -> status.lastFailure() != null).count();
		builder.status(stale.isEmpty() ? Status.UP : STALE)
			.withDetail("references", statuses.size())
			.withDetail("failing", failing)
			.withDetail("callingAws", this.refresher.isCallingAws());
		if (!stale.isEmpty()) {
			builder.withDetail("stale", stale);
		}
	}

}
