package io.github.secretresolver.refresh;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.fetch.WireLogging;
import io.github.secretresolver.reference.SecretReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.function.SingletonSupplier;

/**
 * Refreshes resolved values on demand (schedule, actuator, events): fetches the selected
 * references again, lets the environment serve the changed values and publishes a
 * {@link SecretsRefreshedEvent}. A circuit breaker stops refreshes from calling AWS while passes
 * keep failing for transient reasons; values are served all the same. Thread-safe: refreshes,
 * including the handling of their events, run one at a time.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretRefresher {

	private static final Log logger = LogFactory.getLog(SecretRefresher.class);

	private final RefreshPass pass;

	private final ApplicationEventPublisher eventPublisher;

	private final SingletonSupplier<CircuitBreaker> circuitBreaker;

	private final List<RefreshObserver> observers = new CopyOnWriteArrayList<>();

	private boolean warnedOfBodyPrinters;

	/**
	 * Create a new instance.
	 * @param pass fetches the selected references again and serves their new values
	 * @param eventPublisher publishes {@link SecretsRefreshedEvent}
	 * @param circuitBreaker guards AWS during repeated transient failures
	 */
	public SecretRefresher(RefreshPass pass, ApplicationEventPublisher eventPublisher, CircuitBreaker circuitBreaker) {
		this(pass, eventPublisher, () -> circuitBreaker);
	}

	/**
	 * Create a new instance whose circuit breaker is created on first use, so that an application
	 * that never refreshes (no references) loads none of it.
	 * @param pass fetches the selected references again and serves their new values
	 * @param eventPublisher publishes {@link SecretsRefreshedEvent}
	 * @param circuitBreaker creates the circuit breaker that guards AWS during repeated transient
	 * failures
	 */
	public SecretRefresher(RefreshPass pass, ApplicationEventPublisher eventPublisher,
			Supplier<CircuitBreaker> circuitBreaker) {
		this.pass = pass;
		this.eventPublisher = eventPublisher;
		this.circuitBreaker = SingletonSupplier.of(circuitBreaker);
	}

	/**
	 * Refresh every reference.
	 * @return what changed and what failed; nothing was fetched if the circuit breaker is open
	 */
	public RefreshResult refreshAll() {
		return refresh((reference) -> true);
	}

	/**
	 * Refresh the selected references.
	 * @param selection which references to refresh
	 * @return what changed and what failed; nothing was fetched if the circuit breaker is open
	 * ({@link #isCallingAws()} is {@code false})
	 */
	public synchronized RefreshResult refresh(Predicate<SecretReference> selection) {
		CircuitBreaker circuitBreaker = this.circuitBreaker.obtain();
		if (!circuitBreaker.tryAcquirePermission()) {
			logger.debug("Refresh skipped: AWS keeps failing (circuit breaker open); serving last good values");
			RefreshResult skipped = RefreshResult.skipped();
			this.observers.forEach((observer) -> observer.refreshed(skipped, Duration.ZERO, false));
			return skipped;
		}
		warnOfBodyPrinters();
		long start = circuitBreaker.getCurrentTimestamp();
		RefreshResult result;
		try {
			result = this.pass.run(selection);
		}
		catch (RuntimeException ex) {
			circuitBreaker.onError(circuitBreaker.getCurrentTimestamp() - start,
					circuitBreaker.getTimestampUnit(), ex);
			throw ex;
		}
		long duration = circuitBreaker.getCurrentTimestamp() - start;
		if (result.transientFailure()) {
			circuitBreaker.onError(duration, circuitBreaker.getTimestampUnit(),
					new IllegalStateException("transient AWS failure"));
		}
		else {
			circuitBreaker.onSuccess(duration, circuitBreaker.getTimestampUnit());
		}
		log(result);
		Duration elapsed = Duration.of(duration, circuitBreaker.getTimestampUnit().toChronoUnit());
		this.observers.forEach((observer) -> observer.refreshed(result, elapsed, true));
		if (!result.changedProperties().isEmpty()) {
			this.eventPublisher.publishEvent(new SecretsRefreshedEvent(this, result.changedProperties()));
		}
		return result;
	}

	/**
	 * Add an observer that is told about every refresh, for metrics.
	 * @param observer the observer
	 */
	public void addObserver(RefreshObserver observer) {
		this.observers.add(observer);
	}

	/**
	 * Return whether refreshes currently call AWS (the circuit breaker is not open).
	 * @return whether refreshes call AWS
	 */
	public boolean isCallingAws() {
		CircuitBreaker.State state = circuitBreakerState();
		return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * Return the state of the circuit breaker.
	 * @return the state
	 */
	public CircuitBreaker.State circuitBreakerState() {
		return this.circuitBreaker.obtain().getState();
	}

	/**
	 * Warn, once, when something may print the bodies of the AWS responses a refresh receives
	 * (logging is configured by now, which it was not when references were first resolved).
	 */
	private void warnOfBodyPrinters() {
		if (!this.warnedOfBodyPrinters) {
			List<String> printers = WireLogging.bodyPrinters();
			if (!printers.isEmpty()) {
				logger.warn(WireLogging.warning(printers));
				this.warnedOfBodyPrinters = true;
			}
		}
	}

	private static void log(RefreshResult result) {
		if (!result.changedProperties().isEmpty()) {
			logger.info("Refreshed " + result.references() + " AWS reference(s); changed properties: "
					+ result.changedProperties());
		}
		result.failed()
			.forEach((state) -> logger.warn("Refresh of " + state.reference().text() + " failed ("
					+ state.lastFailure().errorCode() + "); serving its last good value"));
	}

	/**
	 * One refresh pass: fetches the selected references again and serves their new values.
	 */
	@FunctionalInterface
	public interface RefreshPass {

		/**
		 * Run the pass.
		 * @param selection which references to refresh
		 * @return what changed and what failed
		 */
		RefreshResult run(Predicate<SecretReference> selection);

	}

	/**
	 * Told about every refresh.
	 */
	@FunctionalInterface
	public interface RefreshObserver {

		/**
		 * Called after a refresh.
		 * @param result what changed and what failed
		 * @param duration how long it took
		 * @param calledAws whether AWS was called ({@code false} while the circuit breaker is open)
		 */
		void refreshed(RefreshResult result, Duration duration, boolean calledAws);

	}

}
