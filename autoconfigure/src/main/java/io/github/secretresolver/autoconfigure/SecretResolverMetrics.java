package io.github.secretresolver.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.autoconfigure.EnvironmentReferenceResolver.RefreshResult;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.refresh.ReferenceStatus;
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
 */
class SecretResolverMetrics implements MeterBinder {

	private final EnvironmentReferenceResolver resolver;

	private final SecretRefresher refresher;

	private final Clock clock;

	SecretResolverMetrics(EnvironmentReferenceResolver resolver, SecretRefresher refresher, Clock clock) {
		this.resolver = resolver;
		this.refresher = refresher;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ReferenceService service : ReferenceService.values()) {
			Gauge.builder("secret.resolver.references", this.resolver,
					(resolver) -> resolver.statuses().stream().filter((status) -> status.reference().service() == service).count())
				.tag("service", service.id())
				.description("AWS references resolved by the application")
				.register(registry);
		}
		Gauge.builder("secret.resolver.references.failing", this.resolver,
				(resolver) -> resolver.statuses().stream().filter((status) -> status.lastFailure() != null).count())
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
		return this.resolver.statuses()
			.stream()
			.map((status) -> status.staleness(now))
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
		for (ReferenceStatus status : result.failed()) {
			Counter.builder("secret.resolver.refresh.failures")
				.tag("service", status.reference().service().id())
				.tag("error", status.lastFailure().errorCode())
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
