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

	private FetchResult(@Nullable String value, @Nullable String version, @Nullable FetchFailure failure) {
		this.value = value;
		this.version = version;
		this.failure = failure;
	}

	/**
	 * Create a successful result.
	 * @param value the fetched value
	 * @param version the parameter version or secret version id the value came from
	 * @return the result
	 */
	public static FetchResult success(String value, @Nullable String version) {
		return new FetchResult(Objects.requireNonNull(value, "'value' must not be null"), version, null);
	}

	/**
	 * Create a failed result.
	 * @param failure why the value could not be fetched
	 * @return the result
	 */
	public static FetchResult failure(FetchFailure failure) {
		return new FetchResult(null, null, Objects.requireNonNull(failure, "'failure' must not be null"));
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
	 * Return this result, with where the value was looked for when it does not exist.
	 * @param searched the Region and endpoint
	 * @return the result
	 */
	FetchResult searchedIn(String searched) {
		return (this.failure != null && this.failure.notFound()) ? failure(this.failure.searchedIn(searched)) : this;
	}

	@Override
	public String toString() {
		return isSuccess() ? "FetchResult[success, version=" + this.version + "]" : "FetchResult[" + this.failure + "]";
	}

}
