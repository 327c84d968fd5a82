package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.autoconfigure.EnvironmentReferenceResolver.RefreshResult;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.refresh.RefreshSchedule;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Refreshes resolved values in the background: Parameter Store and Secrets Manager values each on
 * their own interval, moved by jitter, and sooner, with exponential backoff, after a pass with
 * transient failures. Runs on one daemon thread while the application context is running.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretRefreshScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SecretRefreshScheduler.class);

	private final SecretRefresher refresher;

	private final List<Loop> loops;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a scheduler.
	 * @param refresher refreshes the values
	 * @param properties the refresh settings
	 */
	public SecretRefreshScheduler(SecretRefresher refresher, SecretResolverProperties.Refresh properties) {
		this.refresher = refresher;
		this.loops = List.of(
				new Loop(EnumSet.of(ReferenceService.SSM, ReferenceService.SSM_SECURE),
						schedule(properties.getParameterStoreInterval(), properties)),
				new Loop(EnumSet.of(ReferenceService.SECRETS_MANAGER),
						schedule(properties.getSecretsManagerInterval(), properties)));
	}

	private static RefreshSchedule schedule(Duration interval, SecretResolverProperties.Refresh properties) {
		return new RefreshSchedule(interval, properties.getJitter(), properties.getInitialBackoff(), 2.0,
				() -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * Return when the values of a service are next refreshed.
	 * @param service the service
	 * @return the time, or {@code null} if no refresh is scheduled
	 */
	public @Nullable Instant nextRefresh(ReferenceService service) {
		return this.loops.stream()
			.filter((loop) -> loop.services.contains(service))
			.map((loop) -> loop.nextRun)
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "secret-resolver-refresh");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		this.loops.forEach((loop) -> loop.scheduleNext(executor));
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * The refresh loop of one service.
	 */
	private final class Loop {

		private final Set<ReferenceService> services;

		private final RefreshSchedule schedule;

		private int consecutiveFailedPasses;

		private volatile @Nullable Instant nextRun;

		Loop(Set<ReferenceService> services, RefreshSchedule schedule) {
			this.services = services;
			this.schedule = schedule;
		}

		void scheduleNext(ScheduledExecutorService executor) {
			Duration delay = this.schedule.nextDelay(this.consecutiveFailedPasses);
			this.nextRun = Instant.now().plus(delay);
			executor.schedule(() -> run(executor), delay.toMillis(), TimeUnit.MILLISECONDS);
		}

		private void run(ScheduledExecutorService executor) {
			try {
				RefreshResult result = SecretRefreshScheduler.this.refresher
					.refresh((reference) -> this.services.contains(reference.service()));
				this.consecutiveFailedPasses = result.transientFailure() ? this.consecutiveFailedPasses + 1 : 0;
			}
			catch (RuntimeException ex) {
				this.consecutiveFailedPasses++;
				logger.warn("Refresh of " + this.services + " values failed; serving last good values", ex);
			}
			finally {
				if (!executor.isShutdown()) {
					scheduleNext(executor);
				}
			}
		}

	}

}
