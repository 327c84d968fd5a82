package io.github.secretresolver.fetch;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import io.github.secretresolver.reference.SecretReference;

/**
 * Fetches the values of references. Never throws for a failure to fetch: every failure is a
 * {@link FetchResult}, so that callers can report them all at once. Implementations are
 * thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface Fetcher {

	/**
	 * Fetch the value of every reference.
	 * @param references the references; duplicates are fetched once
	 * @return a result for every distinct reference
	 */
	Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references);

	/**
	 * Return a fetcher that creates the real one when there is first something to fetch, so that
	 * an application without references never loads its classes.
	 * @param supplier creates the real fetcher
	 * @return the fetcher
	 */
	static Fetcher lazy(Supplier<? extends Fetcher> supplier) {
		return new LazyFetcher(supplier);
	}

}
