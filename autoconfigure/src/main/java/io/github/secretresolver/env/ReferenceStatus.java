package io.github.secretresolver.env;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.fetch.FetchResult;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one reference: its last good value (never shown by {@link #toString()}),
 * when it was last fetched, and the last error since then. A failure never replaces the last
 * good value. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class ReferenceStatus {

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
	ReferenceStatus(SecretReference reference) {
		this.reference = reference;
	}

	/**
	 * Record the result of a fetch.
	 * @param result the result
	 * @param at when it was fetched
	 * @return whether a successful result changed the value
	 */
	boolean record(FetchResult result, Instant at) {
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
	synchronized boolean record(FetchResult result, Instant at, boolean absenceExpected) {
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
	SecretReference reference() {
		return this.reference;
	}

	/**
	 * Return the last successful result.
	 * @return the result, or {@code null} if no fetch succeeded yet
	 */
	synchronized @Nullable FetchResult lastGood() {
		return this.lastGood;
	}

	/**
	 * Return the result of the last fetch, successful or not.
	 * @return the result, or {@code null} if never fetched
	 */
	synchronized @Nullable FetchResult lastResult() {
		return this.lastResult;
	}

	/**
	 * Return when the value was last fetched successfully (or found absent, for a reference with a
	 * default).
	 * @return the time, or {@code null}
	 */
	synchronized @Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	/**
	 * Return when a fetch was last attempted.
	 * @return the time, or {@code null}
	 */
	synchronized @Nullable Instant lastAttempt() {
		return this.lastAttempt;
	}

	/**
	 * Return the failure of the last fetch, if it failed.
	 * @return the failure, or {@code null} if the last fetch succeeded
	 */
	synchronized @Nullable FetchFailure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Return for how long the served value has not been confirmed because fetches fail.
	 * @param now the current time
	 * @return the time since the first of the consecutive failures, or zero
	 */
	synchronized Duration staleness(Instant now) {
		return (this.failingSince != null) ? Duration.between(this.failingSince, now) : Duration.ZERO;
	}

	/**
	 * Return what is known about the reference, without its value.
	 * @param properties the properties that use it
	 * @param refreshInterval its own refresh interval, or {@code null}
	 * @return the state
	 */
	synchronized ReferenceState state(Set<String> properties, @Nullable Duration refreshInterval) {
		return new ReferenceState(this.reference, Collections.unmodifiableSortedSet(new TreeSet<>(properties)),
				(this.lastGood != null) ? this.lastGood.version() : null, this.lastSuccess, this.lastAttempt,
				this.lastFailure, this.failingSince, refreshInterval,
				(this.lastGood != null) ? this.lastGood.failoverRegion() : null);
	}

	@Override
	public synchronized String toString() {
		return "ReferenceStatus[" + this.reference.text() + ", lastSuccess=" + this.lastSuccess + ", lastFailure="
				+ ((this.lastFailure != null) ? this.lastFailure.errorCode() : null) + "]";
	}

}
