package io.github.secretresolver.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStates;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.refresh.SecretRefresher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the values resolved from AWS and their refreshes. Tags carry services,
 * outcomes and AWS error codes, never a reference or a value.
 * <ul>
 * <li>{@code secret.resolver.references} (gauge, tag {@code service}): references held;</li>
 * <li>{@code secret.resolver.references.failing} (gauge): references whose last fetch failed;</li>
 * <li>{@code secret.resolver.staleness} (gauge, seconds): the longest time a value has gone
 * unconfirmed;</li>
 * <li>{@code secret.resolver.refresh} (timer, tag {@code outcome}: {@code changed},
 * {@code unchanged}, {@code failed}, {@code skipped}): refresh passes and their latency;</li>
 * <li>{@code secret.resolver.refresh.failures} (counter, tags {@code service}, {@code error}):
 * failed fetches, throttling ({@code error=ThrottlingException}) included.</li>
 * </ul>
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretResolverMetrics implements MeterBinder {

	private final ReferenceStates states;

	private final SecretRefresher refresher;

	private final Clock clock;

	/**
	 * Create a new instance.
	 * @param states the references and their states
	 * @param refresher tells about every refresh
	 * @param clock the clock
	 */
	public SecretResolverMetrics(ReferenceStates states, SecretRefresher refresher, Clock clock) {
		this.states = states;
		this.refresher = refresher;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ReferenceService service : ReferenceService.values()) {
			Gauge.builder("secret.resolver.references", this.states,
					(states) -> states.current().stream().filter((state) -> state.reference().service() == service).count())
				.tag("service", service.id())
				.description("AWS references resolved by the application")
				.register(registry);
		}
		Gauge.builder("secret.resolver.references.failing", this.states,
				(states) -> states.current().stream().filter(ReferenceState::isFailing).count())
			.description("AWS references whose last fetch failed (their last good value is served)")
			.register(registry);
		Gauge.builder("secret.resolver.staleness", this, SecretResolverMetrics::maxStalenessSeconds)
			.baseUnit("seconds")
			.description("Longest time a value resolved from AWS has gone without a successful refresh")
			.register(registry);
		this.refresher.addObserver((result, duration, calledAws) -> record(registry, result, duration, calledAws));
	}

	private double maxStalenessSeconds() {
		Instant now = this.clock.instant();
		return this.states.current()
			.stream()
			.map((state) -> state.staleness(now))
			.max(Duration::compareTo)
			.orElse(Duration.ZERO)
			.toMillis() / 1000.0;
	}

	private static void record(MeterRegistry registry, RefreshResult result, Duration duration, boolean calledAws) {
		Timer.builder("secret.resolver.refresh")
			.tag("outcome", outcome(result, calledAws))
			.description("Refreshes of values resolved from AWS")
			.register(registry)
			.record(duration.toNanos(), TimeUnit.NANOSECONDS);
		for (ReferenceState state : result.failed()) {
			Counter.builder("secret.resolver.refresh.failures")
				.tag("service", state.reference().service().id())
				.tag("error", state.lastFailure().errorCode())
				.description("Failed fetches during refreshes")
				.register(registry)
				.increment();
		}
	}

	private static String outcome(RefreshResult result, boolean calledAws) {
		if (!calledAws) {
			return "skipped";
		}
		if (!result.failed().isEmpty()) {
			return "failed";
		}
		return result.changedProperties().isEmpty() ? "unchanged" : "changed";
	}

}
