package io.github.secretresolver.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStates;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.reference.SecretReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Refreshes resolved values in the background: Parameter Store and Secrets Manager values each on
 * their own interval, references written with {@code |ttl=...} on theirs, each moved by jitter, and
 * sooner, with exponential backoff, after a pass with transient failures. Starts no thread when the
 * application has no references. Runs on one daemon thread while the application context is running.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class RefreshScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RefreshScheduler.class);

	private static final double BACKOFF_MULTIPLIER = 2.0;

	private final SecretRefresher refresher;

	private final ReferenceStates states;

	private final Duration parameterStoreInterval;

	private final Duration secretsManagerInterval;

	private final double jitter;

	private final Duration initialBackoff;

	private volatile List<Loop> loops = List.of();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a scheduler.
	 * @param refresher refreshes the values
	 * @param states the references and their own refresh intervals
	 * @param parameterStoreInterval the time between refreshes of Parameter Store values
	 * @param secretsManagerInterval the time between refreshes of Secrets Manager values
	 * @param jitter the fraction of an interval by which each refresh moves at random, 0 to 1
	 * @param initialBackoff the delay after a first pass with transient failures, doubled for each
	 * further one up to the interval
	 */
	public RefreshScheduler(SecretRefresher refresher, ReferenceStates states, Duration parameterStoreInterval,
			Duration secretsManagerInterval, double jitter, Duration initialBackoff) {
		this.refresher = refresher;
		this.states = states;
		this.parameterStoreInterval = parameterStoreInterval;
		this.secretsManagerInterval = secretsManagerInterval;
		this.jitter = jitter;
		this.initialBackoff = initialBackoff;
	}

	/**
	 * Return when a reference is next refreshed.
	 * @param reference the reference
	 * @return the time, or {@code null} if no refresh is scheduled
	 */
	public @Nullable Instant nextRefresh(SecretReference reference) {
		return this.loops.stream()
			.filter((loop) -> loop.selection.test(reference))
			.map((loop) -> loop.nextRun)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	@Override
	public synchronized void start() {
		List<ReferenceState> states = this.states.current();
		if (this.executor != null || states.isEmpty()) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("secret-resolver-refresh-");
		threads.setDaemon(true);
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads);
		this.executor = executor;
		Map<SecretReference, Duration> ownIntervals = new HashMap<>();
		states.stream()
			.filter((state) -> state.refreshInterval() != null)
			.forEach((state) -> ownIntervals.put(state.reference(), state.refreshInterval()));
		this.loops = createLoops(ownIntervals);
		this.loops.forEach((loop) -> loop.scheduleNext(executor));
	}

	/**
	 * One loop per service for the references without their own interval, and one per distinct
	 * interval written with {@code |ttl=}.
	 */
	private List<Loop> createLoops(Map<SecretReference, Duration> ownIntervals) {
		List<Loop> loops = new ArrayList<>();
		Set<ReferenceService> parameterStore = EnumSet.of(ReferenceService.SSM, ReferenceService.SSM_SECURE);
		loops.add(new Loop((reference) -> parameterStore.contains(reference.service())
				&& !ownIntervals.containsKey(reference), schedule(this.parameterStoreInterval)));
		loops.add(new Loop((reference) -> reference.service() == ReferenceService.SECRETS_MANAGER
				&& !ownIntervals.containsKey(reference), schedule(this.secretsManagerInterval)));
		new TreeSet<>(ownIntervals.values()).forEach((interval) -> loops
			.add(new Loop((reference) -> interval.equals(ownIntervals.get(reference)), schedule(interval))));
		return List.copyOf(loops);
	}

	private RefreshSchedule schedule(Duration interval) {
		return new RefreshSchedule(interval, this.jitter, this.initialBackoff, BACKOFF_MULTIPLIER,
				() -> ThreadLocalRandom.current().nextDouble());
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				// let a refresh in flight finish before the AWS clients close
				this.executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * The refresh loop of a selection of references.
	 */
	private final class Loop {

		private final Predicate<SecretReference> selection;

		private final RefreshSchedule schedule;

		private int consecutiveFailedPasses;

		private volatile @Nullable Instant nextRun;

		Loop(Predicate<SecretReference> selection, RefreshSchedule schedule) {
			this.selection = selection;
			this.schedule = schedule;
		}

		void scheduleNext(ScheduledExecutorService executor) {
			Duration delay = this.schedule.nextDelay(this.consecutiveFailedPasses);
			this.nextRun = Instant.now().plus(delay);
			executor.schedule(() -> run(executor), delay.toMillis(), TimeUnit.MILLISECONDS);
		}

		private void run(ScheduledExecutorService executor) {
			try {
				RefreshResult result = RefreshScheduler.this.refresher.refresh(this.selection);
				this.consecutiveFailedPasses = result.transientFailure() ? this.consecutiveFailedPasses + 1 : 0;
			}
			catch (RuntimeException ex) {
				this.consecutiveFailedPasses++;
				logger.warn("Background refresh failed; serving last good values", ex);
			}
			finally {
				if (!executor.isShutdown()) {
					scheduleNext(executor);
				}
			}
		}

	}

}
