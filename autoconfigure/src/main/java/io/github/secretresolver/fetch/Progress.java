package io.github.secretresolver.fetch;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress of one fetch against its {@link Budget}: when it started and when AWS last gave an
 * answer (a value, a value that does not exist, or a throttled call: AWS is there and busy; not a
 * server or network error). Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class Progress {

	private final Budget budget;

	private final LongSupplier clock;

	private final long start;

	private volatile long lastAnswer;

	Progress(Budget budget, LongSupplier clock) {
		this.budget = budget;
		this.clock = clock;
		this.start = clock.getAsLong();
		this.lastAnswer = this.start;
	}

	/**
	 * Record an answer from AWS.
	 */
	void answered() {
		this.lastAnswer = this.clock.getAsLong();
	}

	/**
	 * Return whether the budget allows waiting a while and then making a call.
	 * @param waitNanos how long to wait first
	 * @return whether the call may be made
	 */
	boolean allows(long waitNanos) {
		return this.clock.getAsLong() + waitNanos <= deadline();
	}

	/**
	 * Return when the budget ends as things stand: {@code withoutAnswer} after the last answer,
	 * and {@code total} after the start at the latest.
	 * @return the deadline, in the clock's nanoseconds
	 */
	long deadline() {
		return Math.min(this.lastAnswer + this.budget.withoutAnswer().toNanos(),
				this.start + this.budget.total().toNanos());
	}

	/**
	 * Return how long the budget allows waiting from now, as things stand.
	 * @return nanoseconds until the deadline, zero when it has passed
	 */
	long remainingNanos() {
		return Math.max(0, deadline() - this.clock.getAsLong());
	}

	/**
	 * Return how long the fetch has run.
	 * @return the elapsed time in milliseconds
	 */
	long elapsedMillis() {
		return TimeUnit.NANOSECONDS.toMillis(this.clock.getAsLong() - this.start);
	}

}
