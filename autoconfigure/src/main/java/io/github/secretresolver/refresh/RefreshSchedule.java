package io.github.secretresolver.refresh;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.core.IntervalFunction;

/**
 * When to refresh next: after the interval, moved by a random jitter so that a fleet of instances
 * never refreshes in step, or, after consecutive passes with transient failures, after an
 * exponential random backoff (Resilience4j's {@link IntervalFunction}) capped at the interval.
 *
 * @author Secret Resolver contributors
 */
final class RefreshSchedule {

	private final Duration interval;

	private final double jitter;

	private final IntervalFunction backoff;

	private final DoubleSupplier random;

	/**
	 * Create a schedule.
	 * @param interval the time between refreshes
	 * @param jitter the fraction of the interval by which a delay may move either way, 0 to 1
	 * @param initialBackoff the delay after the first failed pass
	 * @param backoffMultiplier the factor applied to the delay for each further failed pass
	 * @param random source of numbers in {@code [0, 1)}
	 */
	RefreshSchedule(Duration interval, double jitter, Duration initialBackoff, double backoffMultiplier,
			DoubleSupplier random) {
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("'jitter' must be between 0 and 1");
		}
		this.interval = interval;
		this.jitter = jitter;
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, backoffMultiplier,
				IntervalFunction.DEFAULT_RANDOMIZATION_FACTOR, interval);
		this.random = random;
	}

	/**
	 * Return the delay before the next refresh.
	 * @param consecutiveFailedPasses how many passes in a row had transient failures (0 after a
	 * good pass)
	 * @return the delay
	 */
	Duration nextDelay(int consecutiveFailedPasses) {
		if (consecutiveFailedPasses > 0) {
			return Duration.ofMillis(Math.min(this.backoff.apply(consecutiveFailedPasses), this.interval.toMillis()));
		}
		double factor = 1 + this.jitter * (2 * this.random.getAsDouble() - 1);
		return Duration.ofMillis(Math.round(this.interval.toMillis() * factor));
	}

}
