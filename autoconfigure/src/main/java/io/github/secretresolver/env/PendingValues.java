package io.github.secretresolver.env;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.secretresolver.SecretResolutionException;

/**
 * Property values whose references are being fetched in the background while the application
 * goes on starting: which values as written they are, and the arrival of their resolved forms. A
 * read of one of them waits for the arrival; if the fetch failed, the read fails with every error
 * of the resolution, as startup would have. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class PendingValues {

	private final Set<String> written;

	private final CompletableFuture<ReferenceResolver.Summary> arrival;

	/**
	 * Create a new instance.
	 * @param written the values as written that the fetch will resolve
	 * @param arrival completed once their resolved forms are served, or with the failure
	 */
	PendingValues(Set<String> written, CompletableFuture<ReferenceResolver.Summary> arrival) {
		this.written = Set.copyOf(written);
		this.arrival = arrival;
	}

	/**
	 * Return whether a value as written is one of those being fetched.
	 * @param written the value as written
	 * @return whether a read of it has to wait for the arrival
	 */
	boolean holds(String written) {
		return this.written.contains(written);
	}

	/**
	 * Wait for the resolved forms.
	 * @return what the resolution did
	 * @throws SecretResolutionException if a reference could not be resolved (a new exception
	 * with the same errors, so that its stack shows the waiting reader)
	 */
	ReferenceResolver.Summary await() {
		try {
			return this.arrival.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the values of AWS references", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof SecretResolutionException failure) {
				throw new SecretResolutionException(failure.getErrors());
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("Resolving AWS references failed", cause);
		}
	}

	@Override
	public String toString() {
		return "PendingValues[" + this.written.size() + " values, "
				+ (this.arrival.isDone() ? "arrived" : "pending") + "]";
	}

}
