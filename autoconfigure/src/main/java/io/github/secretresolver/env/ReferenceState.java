package io.github.secretresolver.env;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.reference.SecretReference;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one reference, for reporting and scheduling: never its value.
 *
 * @param reference the reference
 * @param properties the names of the properties whose values use it, sorted
 * @param version the parameter version or secret version id of the value served, if known
 * @param lastSuccess when the value was last fetched successfully (or found absent, for a reference
 * with a default)
 * @param lastAttempt when a fetch was last attempted
 * @param lastFailure the failure of the last fetch, or {@code null} if it succeeded
 * @param failingSince when the current run of failed fetches began, or {@code null}
 * @param refreshInterval the interval written with {@code |ttl=} (the shortest, if written
 * several times), or {@code null} for the interval of its service
 * @param failoverRegion the failover Region that gave the value served, or {@code null} when the
 * reference's own Region gave it
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record ReferenceState(SecretReference reference, Set<String> properties, @Nullable String version,
		@Nullable Instant lastSuccess, @Nullable Instant lastAttempt, @Nullable FetchFailure lastFailure,
		@Nullable Instant failingSince, @Nullable Duration refreshInterval, @Nullable String failoverRegion) {

	/**
	 * Return for how long the served value has not been confirmed because fetches fail.
	 * @param now the current time
	 * @return the time since the first of the consecutive failures, or zero
	 */
	public Duration staleness(Instant now) {
		return (this.failingSince != null) ? Duration.between(this.failingSince, now) : Duration.ZERO;
	}

	/**
	 * Return whether the last fetch failed.
	 * @return whether the reference is failing
	 */
	public boolean isFailing() {
		return this.lastFailure != null;
	}

}
