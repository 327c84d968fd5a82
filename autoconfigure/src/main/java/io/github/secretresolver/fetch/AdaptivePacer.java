package io.github.secretresolver.fetch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Paces the calls of this JVM to one AWS service in one Region, so that it finds the service's
 * spare capacity without hammering a quota that answers with throttling, and without slowing
 * anything down while nothing is throttled. Two limits, as TCP shares a link:
 * <ul>
 * <li>A <em>window</em> of calls in flight at once: it starts at {@value #INITIAL_WINDOW}, grows by
 * one with every answer (so it doubles every round trip: a healthy startup of a few calls per
 * service pays nothing, a large one a few round trips) and is halved by a throttled answer. Many
 * instances starting together against one quota each send a couple of calls, not a burst.</li>
 * <li>A <em>rate</em>, only once something was throttled: half the rate calls were sent at over
 * the last second, halved again at each throttled answer, growing back by a fixed amount per second
 * (additive increase, multiplicative decrease), unlimited again once it is high enough. A call
 * whose turn would come after the caller's deadline is not reserved, so giving up costs later
 * calls nothing.
 * A fleet sharing one quota converges to sharing it, each instance knowing nothing of the
 * others.</li>
 * </ul>
 * At most one decrease a second, and only for a call sent after the last one: AWS counts its quotas
 * per second, so the calls in flight at a decrease, and those of the same second, were refused for
 * the rate that was already halved; reacting to each of them would collapse the rate far below the
 * quota. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class AdaptivePacer {

	private static final long SECOND = 1_000_000_000L;

	/**
	 * Calls in flight at once before any answer: enough for the few calls per service of a
	 * typical application, few enough that a fleet starting together does not flood a quota.
	 */
	static final int INITIAL_WINDOW = 2;

	/**
	 * Largest window: more than the calls an application has in flight at once.
	 */
	private static final int MAX_WINDOW = 64;

	/**
	 * Factor applied to the rate and to the window at a throttled answer.
	 */
	private static final double DECREASE = 0.5;

	/**
	 * Calls per second the rate grows by, per second.
	 */
	private static final double INCREASE_PER_SECOND = 0.05;

	/**
	 * Lowest rate, in calls per second: one call every 20 s.
	 */
	private static final double MIN_RATE = 0.05;

	/**
	 * Rate assumed at the first throttled answer when fewer calls were sent over the last second,
	 * so that a lone call is not slowed down more than backoff would.
	 */
	private static final double MIN_MEASURED_RATE = 2;

	/**
	 * Rate above which calls are no longer paced.
	 */
	private static final double UNLIMITED_ABOVE = 500;

	private final Clock clock;

	private int window = INITIAL_WINDOW;

	private int inFlight;

	private double rate = Double.POSITIVE_INFINITY;

	private long nextPermit;

	private long lastIncrease;

	private long lastDecrease = Long.MIN_VALUE;

	private final Deque<Long> recentCalls = new ArrayDeque<>();

	AdaptivePacer() {
		this(System::nanoTime);
	}

	AdaptivePacer(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Wait for a place in the window, then reserve the right to make a call at the rate, if that
	 * comes in time.
	 * @param maxWaitNanos how long the caller may wait in all, for a place and for its turn
	 * @return the call, holding its place in the window until {@link Call#answered()},
	 * {@link Call#throttled()} or {@link Call#failed()}; {@code null} if no place came free or the
	 * call's turn would come too late (nothing is reserved then)
	 * @throws InterruptedException if the thread was interrupted while waiting
	 */
	synchronized Call enter(long maxWaitNanos) throws InterruptedException {
		long deadline = this.clock.nanoTime() + maxWaitNanos;
		while (this.inFlight >= this.window) {
			long left = deadline - this.clock.nanoTime();
			if (left <= 0) {
				return null;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		long now = this.clock.nanoTime();
		grow(now);
		long permit = Double.isInfinite(this.rate) ? now : Math.max(now, this.nextPermit);
		if (permit > deadline) {
			return null;
		}
		if (!Double.isInfinite(this.rate)) {
			this.nextPermit = permit + (long) (SECOND / this.rate);
		}
		this.recentCalls.addLast(permit);
		while (permit - this.recentCalls.peekFirst() > SECOND) {
			this.recentCalls.pollFirst();
		}
		this.inFlight++;
		return new Call(permit - now);
	}

	/**
	 * Let the rate grow back with the time passed since it last changed: a quota that throttled
	 * a while ago may have room again.
	 */
	private void grow(long now) {
		if (Double.isInfinite(this.rate)) {
			return;
		}
		this.rate += INCREASE_PER_SECOND * (now - this.lastIncrease) / SECOND;
		this.lastIncrease = now;
		if (this.rate > UNLIMITED_ABOVE) {
			this.rate = Double.POSITIVE_INFINITY;
		}
	}

	private synchronized void leave(long sentAt, Outcome outcome) {
		this.inFlight--;
		long now = this.clock.nanoTime();
		if (outcome == Outcome.ANSWERED) {
			this.window = Math.min(MAX_WINDOW, this.window + 1);
			grow(now);
		}
		else if (outcome == Outcome.THROTTLED && sentAt >= this.lastDecrease && !decreasedWithinASecond(now)) {
			grow(now);
			double current = Double.isInfinite(this.rate) ? Math.max(MIN_MEASURED_RATE, this.recentCalls.size())
					: this.rate;
			this.rate = Math.max(MIN_RATE, current * DECREASE);
			this.window = Math.max(1, (int) (this.window * DECREASE));
			this.lastIncrease = now;
			this.lastDecrease = now;
			this.nextPermit = Math.max(this.nextPermit, now + (long) (SECOND / this.rate));
		}
		notifyAll();
	}

	private boolean decreasedWithinASecond(long now) {
		return this.lastDecrease != Long.MIN_VALUE && now - this.lastDecrease < SECOND;
	}

	/**
	 * Return the current rate.
	 * @return calls per second, infinite while calls are not paced
	 */
	synchronized double rate() {
		return this.rate;
	}

	/**
	 * Return the current window.
	 * @return how many calls may be in flight at once
	 */
	synchronized int window() {
		return this.window;
	}

	@Override
	public synchronized String toString() {
		return "AdaptivePacer[window=" + this.window + ", rate=" + this.rate + "]";
	}

	private enum Outcome {

		ANSWERED, THROTTLED, FAILED

	}

	/**
	 * One call holding a place in the window: say how it ended, exactly once.
	 */
	final class Call {

		private final long wait;

		private final long sentAt;

		private Call(long wait) {
			this.wait = wait;
			this.sentAt = AdaptivePacer.this.clock.nanoTime() + wait;
		}

		/**
		 * Return how long to wait before sending the call, to keep to the rate.
		 * @return the wait in nanoseconds, zero while calls are not paced
		 */
		long waitNanos() {
			return this.wait;
		}

		/**
		 * The call got an answer (a value, or a value that does not exist).
		 */
		void answered() {
			leave(this.sentAt, Outcome.ANSWERED);
		}

		/**
		 * The call was throttled.
		 */
		void throttled() {
			leave(this.sentAt, Outcome.THROTTLED);
		}

		/**
		 * The call failed otherwise (a server or network error), or was never sent.
		 */
		void failed() {
			leave(this.sentAt, Outcome.FAILED);
		}

	}

	/**
	 * Source of monotonic nanoseconds.
	 */
	@FunctionalInterface
	interface Clock {

		long nanoTime();

	}

}
