package io.github.secretresolver.fetch;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Outcome of fetching one reference: a value with the version it came from, or a failure. The
 * value never appears in {@link #toString()}.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class FetchResult {

	private final @Nullable String value;

	private final @Nullable String version;

	private final @Nullable FetchFailure failure;

	private final @Nullable String failoverRegion;

	private FetchResult(@Nullable String value, @Nullable String version, @Nullable FetchFailure failure,
			@Nullable String failoverRegion) {
		this.value = value;
		this.version = version;
		this.failure = failure;
		this.failoverRegion = failoverRegion;
	}

	/**
	 * Create a successful result.
	 * @param value the fetched value
	 * @param version the parameter version or secret version id the value came from
	 * @return the result
	 */
	public static FetchResult success(String value, @Nullable String version) {
		return new FetchResult(Objects.requireNonNull(value, "'value' must not be null"), version, null, null);
	}

	/**
	 * Create a failed result.
	 * @param failure why the value could not be fetched
	 * @return the result
	 */
	public static FetchResult failure(FetchFailure failure) {
		return new FetchResult(null, null, Objects.requireNonNull(failure, "'failure' must not be null"), null);
	}

	/**
	 * Return whether a value was fetched.
	 * @return whether the fetch succeeded
	 */
	public boolean isSuccess() {
		return this.failure == null;
	}

	/**
	 * Return the fetched value.
	 * @return the value
	 * @throws IllegalStateException if the fetch failed
	 */
	public String value() {
		if (this.value == null) {
			throw new IllegalStateException("Fetch failed: " + this.failure);
		}
		return this.value;
	}

	/**
	 * Return the version the value came from, if known.
	 * @return the parameter version or secret version id
	 */
	public @Nullable String version() {
		return this.version;
	}

	/**
	 * Return why the fetch failed.
	 * @return the failure, or {@code null} on success
	 */
	public @Nullable FetchFailure failure() {
		return this.failure;
	}

	/**
	 * Return the failover Region that gave this result, when the Region of the reference kept
	 * failing.
	 * @return the Region, or {@code null} if the reference's own Region gave it
	 */
	public @Nullable String failoverRegion() {
		return this.failoverRegion;
	}

	/**
	 * Return this result as given by a failover Region.
	 * @param region the failover Region, or {@code null} for the reference's own
	 * @return the result
	 */
	FetchResult servedFrom(@Nullable String region) {
		return (region != null) ? new FetchResult(this.value, this.version, this.failure, region) : this;
	}

	/**
	 * Return this result, with where the value was looked for when it does not exist.
	 * @param searched the Region and endpoint
	 * @return the result
	 */
	FetchResult searchedIn(String searched) {
		return (this.failure != null && this.failure.notFound()) ? failure(this.failure.searchedIn(searched)) : this;
	}

	@Override
	public String toString() {
		return isSuccess() ? "FetchResult[success, version=" + this.version
				+ ((this.failoverRegion != null) ? ", failoverRegion=" + this.failoverRegion : "") + "]"
				: "FetchResult[" + this.failure + "]";
	}

}
