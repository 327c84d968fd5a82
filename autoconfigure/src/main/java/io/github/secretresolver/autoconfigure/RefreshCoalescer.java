package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.refresh.RotationEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Turns a burst of rotation events into one refresh: the first event starts a short wait, every
 * event that arrives meanwhile joins, and then one refresh fetches every reference any of them
 * concerns. Events are idempotent: a repeated event only repeats a refresh.
 *
 * @author Secret Resolver contributors
 */
class RefreshCoalescer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RefreshCoalescer.class);

	private final SecretRefresher refresher;

	private final Duration delay;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "secret-resolver-events");
		thread.setDaemon(true);
		return thread;
	});

	private final List<RotationEvent> pending = new ArrayList<>();

	RefreshCoalescer(SecretRefresher refresher, Duration delay) {
		this.refresher = refresher;
		this.delay = delay;
	}

	void submit(RotationEvent event) {
		synchronized (this.pending) {
			this.pending.add(event);
			if (this.pending.size() == 1) {
				this.executor.schedule(this::refresh, this.delay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private void refresh() {
		List<RotationEvent> events;
		synchronized (this.pending) {
			events = List.copyOf(this.pending);
			this.pending.clear();
		}
		try {
			this.refresher.refresh((reference) -> events.stream().anyMatch((event) -> event.concerns(reference)));
		}
		catch (RuntimeException ex) {
			logger.warn("Refresh after " + events.size() + " rotation event(s) failed; serving last good values", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
