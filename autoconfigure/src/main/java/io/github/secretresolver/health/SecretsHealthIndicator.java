package io.github.secretresolver.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStates;

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

	private final ReferenceStates states;

	private final BooleanSupplier callingAws;

	private final Duration maxStaleness;

	private final Clock clock;

	/**
	 * Create a new indicator.
	 * @param states the references and their states
	 * @param callingAws tells whether refreshes call AWS (they do not while the circuit breaker is
	 * open)
	 * @param maxStaleness how long a value may go unconfirmed
	 * @param clock the clock
	 */
	public SecretsHealthIndicator(ReferenceStates states, BooleanSupplier callingAws, Duration maxStaleness,
			Clock clock) {
		super("AWS secrets health check failed");
		this.states = states;
		this.callingAws = callingAws;
		this.maxStaleness = maxStaleness;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = this.clock.instant();
		List<ReferenceState> states = this.states.current();
		List<String> stale = states.stream()
			.filter((state) -> state.staleness(now).compareTo(this.maxStaleness) > 0)
			.map((state) -> state.reference().text() + " (" + state.lastFailure().errorCode() + ")")
			.toList();
		long failing = states.stream().filter(ReferenceState::isFailing).count();
		builder.status(stale.isEmpty() ? Status.UP : STALE)
			.withDetail("references", states.size())
			.withDetail("failing", failing)
			.withDetail("callingAws", this.callingAws.getAsBoolean());
		if (!stale.isEmpty()) {
			builder.withDetail("stale", stale);
		}
	}

}
