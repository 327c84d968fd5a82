package io.github.secretresolver.fetch;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paces the calls to one AWS service in one Region so that this JVM stops hammering a quota
 * that answers with throttling: unlimited until the first throttled answer, then a rate that is
 * halved at each throttled answer (starting from the rate actually sent) and grows back by a fixed
 * amount per second of successful answers (additive increase, multiplicative decrease, as TCP
 * shares a link), unlimited again once it is high enough. A fleet of instances sharing one quota
 * converges to sharing it, each instance knowing nothing of the others. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class AdaptiveRateLimiter {

	private static final long SECOND = 1_000_000_000L;

	/**
	 * Factor applied to the rate at each throttled answer.
	 */
	private static final double DECREASE = 0.5;

	/**
	 * Calls per second the rate grows by, per second of successful answers.
	 */
	private static final double INCREASE_PER_SECOND = 0.05;

	/**
	 * Lowest rate, in calls per second: one call every 20 s.
	 */
	private static final double MIN_RATE = 0.05;

	/**
	 * Rate assumed at the first throttled answer when fewer calls were made over the last second,
	 * so that a lone call is not slowed down more than backoff would.
	 */
	private static final double MIN_MEASURED_RATE = 2;

	/**
	 * Rate above which calls are no longer paced.
	 */
	private static final double UNLIMITED_ABOVE = 500;

	private final Clock clock;

	private double rate = Double.POSITIVE_INFINITY;

	private long nextPermit;

	private long lastIncrease;

	private final Deque<Long> recentCalls = new ArrayDeque<>();

	AdaptiveRateLimiter() {
		this(System::nanoTime);
	}

	AdaptiveRateLimiter(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Reserve the right to make a call and return how long to wait before making it.
	 * @return the wait in nanoseconds, zero while calls are not paced
	 */
	synchronized long reserve() {
		long now = this.clock.nanoTime();
		this.recentCalls.addLast(now);
		while (now - this.recentCalls.peekFirst() > SECOND) {
			this.recentCalls.pollFirst();
		}
		if (Double.isInfinite(this.rate)) {
			return 0;
		}
		long permit = Math.max(now, this.nextPermit);
		this.nextPermit = permit + (long) (SECOND / this.rate);
		return permit - now;
	}

	/**
	 * Record a throttled answer: halve the rate (the first time, the rate calls were sent at over
	 * the last second).
	 */
	synchronized void throttled() {
		long now = this.clock.nanoTime();
		double current = Double.isInfinite(this.rate) ? Math.max(MIN_MEASURED_RATE, this.recentCalls.size())
				: this.rate;
		this.rate = Math.max(MIN_RATE, current * DECREASE);
		this.lastIncrease = now;
		this.nextPermit = Math.max(this.nextPermit, now + (long) (SECOND / this.rate));
	}

	/**
	 * Record an answer that was not throttled: let the rate grow back.
	 */
	synchronized void answered() {
		if (Double.isInfinite(this.rate)) {
			return;
		}
		long now = this.clock.nanoTime();
		this.rate += INCREASE_PER_SECOND * (now - this.lastIncrease) / SECOND;
		this.lastIncrease = now;
		if (this.rate > UNLIMITED_ABOVE) {
			this.rate = Double.POSITIVE_INFINITY;
		}
	}

	/**
	 * Return the current rate.
	 * @return calls per second, infinite while calls are not paced
	 */
	synchronized double rate() {
		return this.rate;
	}

	@Override
	public synchronized String toString() {
		return "AdaptiveRateLimiter[rate=" + this.rate + "]";
	}

	/**
	 * Source of monotonic nanoseconds.
	 */
	@FunctionalInterface
	interface Clock {

		long nanoTime();

	}

}
