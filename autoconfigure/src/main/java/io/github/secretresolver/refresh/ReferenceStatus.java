package io.github.secretresolver.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.resolve.FetchFailure;
import io.github.secretresolver.resolve.FetchResult;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one reference: its last good value (never shown by {@link #toString()}),
 * when it was last fetched, and the last error since then. A failure never replaces the last
 * good value. Thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class ReferenceStatus {

	private final SecretReference reference;

	private @Nullable FetchResult lastGood;

	private @Nullable FetchResult lastResult;

	private @Nullable Instant lastSuccess;

	private @Nullable Instant lastAttempt;

	private @Nullable FetchFailure lastFailure;

	private @Nullable Instant failingSince;

	/**
	 * Create the status of a reference that has not been fetched yet.
	 * @param reference the reference
	 */
	public ReferenceStatus(SecretReference reference) {
		this.reference = reference;
	}

	/**
	 * Record the result of a fetch.
	 * @param result the result
	 * @param at when it was fetched
	 * @return whether a successful result changed the value
	 */
	public boolean record(FetchResult result, Instant at) {
		return record(result, at, false);
	}

	/**
	 * Record the result of a fetch.
	 * @param result the result
	 * @param at when it was fetched
	 * @param absenceExpected whether the reference has a default, so that a value that does not
	 * exist is not a failure
	 * @return whether a successful result changed the value
	 */
	public synchronized boolean record(FetchResult result, Instant at, boolean absenceExpected) {
		this.lastAttempt = at;
		this.lastResult = result;
		if (!result.isSuccess() && absenceExpected && result.failure().notFound()) {
			this.lastFailure = null;
			this.failingSince = null;
			this.lastSuccess = at;
			return false;
		}
		if (!result.isSuccess()) {
			this.lastFailure = result.failure();
			if (this.failingSince == null) {
				this.failingSince = at;
			}
			return false;
		}
		boolean changed = this.lastGood != null && !Objects.equals(this.lastGood.value(), result.value());
		this.lastGood = result;
		this.lastSuccess = at;
		this.lastFailure = null;
		this.failingSince = null;
		return changed;
	}

	/**
	 * Return the reference.
	 * @return the reference
	 */
	public SecretReference reference() {
		return this.reference;
	}

	/**
	 * Return the last successful result.
	 * @return the result, or {@code null} if no fetch succeeded yet
	 */
	public synchronized @Nullable FetchResult lastGood() {
		return this.lastGood;
	}

	/**
	 * Return the result of the last fetch, successful or not.
	 * @return the result, or {@code null} if never fetched
	 */
	public synchronized @Nullable FetchResult lastResult() {
		return this.lastResult;
	}

	/**
	 * Return when the value was last fetched successfully (or found absent, for a reference with a
	 * default).
	 * @return the time, or {@code null}
	 */
	public synchronized @Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	/**
	 * Return when a fetch was last attempted.
	 * @return the time, or {@code null}
	 */
	public synchronized @Nullable Instant lastAttempt() {
		return this.lastAttempt;
	}

	/**
	 * Return the failure of the last fetch, if it failed.
	 * @return the failure, or {@code null} if the last fetch succeeded
	 */
	public synchronized @Nullable FetchFailure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Return for how long the served value has not been confirmed because fetches fail.
	 * @param now the current time
	 * @return the time since the first of the consecutive failures, or zero
	 */
	public synchronized Duration staleness(Instant now) {
		return (this.failingSince != null) ? Duration.between(this.failingSince, now) : Duration.ZERO;
	}

	@Override
	public synchronized String toString() {
		return "ReferenceStatus[" + this.reference.text() + ", lastSuccess=" + this.lastSuccess + ", lastFailure="
				+ ((this.lastFailure != null) ? this.lastFailure.errorCode() : null) + "]";
	}

}
