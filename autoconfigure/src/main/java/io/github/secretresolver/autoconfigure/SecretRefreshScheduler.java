package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
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

import io.github.secretresolver.autoconfigure.EnvironmentReferenceResolver.RefreshResult;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.refresh.RefreshSchedule;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Refreshes resolved values in the background: Parameter Store and Secrets Manager values each on
 * their own interval, references written with {@code |ttl=...} on theirs, each moved by jitter, and
 * sooner, with exponential backoff, after a pass with transient failures. Starts no thread when the
 * application has no references. Runs on one daemon thread while the application context is running.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretRefreshScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SecretRefreshScheduler.class);

	private final SecretRefresher refresher;

	private final EnvironmentReferenceResolver resolver;

	private final SecretResolverProperties.Refresh properties;

	private volatile List<Loop> loops = List.of();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a scheduler.
	 * @param refresher refreshes the values
	 * @param resolver holds the references and their own refresh intervals
	 * @param properties the refresh settings
	 */
	public SecretRefreshScheduler(SecretRefresher refresher, EnvironmentReferenceResolver resolver,
			SecretResolverProperties.Refresh properties) {
		this.refresher = refresher;
		this.resolver = resolver;
		this.properties = properties;
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
		if (this.executor != null || this.resolver.statuses().isEmpty()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "secret-resolver-refresh");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		this.loops = createLoops(this.resolver.refreshIntervals());
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
				&& !ownIntervals.containsKey(reference), schedule(this.properties.getParameterStoreInterval())));
		loops.add(new Loop((reference) -> reference.service() == ReferenceService.SECRETS_MANAGER
				&& !ownIntervals.containsKey(reference), schedule(this.properties.getSecretsManagerInterval())));
		new TreeSet<>(ownIntervals.values()).forEach((interval) -> loops
			.add(new Loop((reference) -> interval.equals(ownIntervals.get(reference)), schedule(interval))));
		return List.copyOf(loops);
	}

	private RefreshSchedule schedule(Duration interval) {
		return new RefreshSchedule(interval, this.properties.getJitter(), this.properties.getInitialBackoff(), 2.0,
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
				RefreshResult result = SecretRefreshScheduler.this.refresher.refresh(this.selection);
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
