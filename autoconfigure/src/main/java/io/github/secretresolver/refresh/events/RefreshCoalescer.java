package io.github.secretresolver.refresh.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.refresh.SecretRefresher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Turns a burst of rotation events into one refresh: the first event starts a short wait, every
 * event that arrives meanwhile joins, and then one refresh fetches every reference any of them
 * concerns. Events are idempotent: a repeated event only repeats a refresh.
 *
 * @author Secret Resolver contributors
 */
public class RefreshCoalescer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RefreshCoalescer.class);

	private final SecretRefresher refresher;

	private final Duration delay;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads());

	private final List<RotationEvent> pending = new ArrayList<>();

	/**
	 * Create a new instance.
	 * @param refresher refreshes the references events concern
	 * @param delay the time to wait after an event for more
	 */
	public RefreshCoalescer(SecretRefresher refresher, Duration delay) {
		this.refresher = refresher;
		this.delay = delay;
	}

	/**
	 * Add an event to the next refresh, starting the wait if none is pending.
	 * @param event the event
	 */
	public void submit(RotationEvent event) {
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

	private static ThreadFactory threads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("secret-resolver-events-");
		threads.setDaemon(true);
		return threads;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
