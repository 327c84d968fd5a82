package io.github.secretresolver.fetch;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import io.github.secretresolver.reference.SecretReference;
import org.jspecify.annotations.Nullable;

/**
 * {@link Fetcher} created when there is first something to fetch, so that an application
 * without references never loads the classes of the real one (the AWS SDK's among them).
 *
 * @author Secret Resolver contributors
 */
final class LazyFetcher implements Fetcher {

	private final Supplier<? extends Fetcher> supplier;

	private volatile @Nullable Fetcher fetcher;

	LazyFetcher(Supplier<? extends Fetcher> supplier) {
		this.supplier = supplier;
	}

	@Override
	public Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		return references.isEmpty() ? Map.of() : fetcher().fetch(references);
	}

	private Fetcher fetcher() {
		Fetcher current = this.fetcher;
		if (current == null) {
			synchronized (this) {
				current = this.fetcher;
				if (current == null) {
					current = this.supplier.get();
					this.fetcher = current;
				}
			}
		}
		return current;
	}

}
