package io.github.secretresolver.env;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.reference.ReferenceSyntax;
import org.jspecify.annotations.Nullable;

/**
 * The values the property sources serve: the resolved form of every property value that contains
 * references, keyed by the value as written, in one immutable snapshot that is replaced as a whole,
 * so a single read never mixes values from two resolutions; {@link #readConsistently} makes
 * several reads see one resolution. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class ServedValues implements ResolvedValues {

	private static final String EXPRESSION_PREFIX = "#{";

	private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

	private final ThreadLocal<Snapshot> pinned = new ThreadLocal<>();

	/**
	 * Number of threads inside {@link #readConsistently}, so that ordinary reads skip the thread
	 * local lookup when there are none.
	 */
	private final AtomicInteger pinningThreads = new AtomicInteger();

	/**
	 * Values whose references are still being fetched at startup, or {@code null}.
	 */
	private volatile @Nullable PendingValues pending;

	@Override
	public <T> T readConsistently(Supplier<T> reads) {
		if (this.pinned.get() != null) {
			return reads.get();
		}
		this.pinned.set(this.snapshot);
		this.pinningThreads.incrementAndGet();
		try {
			return reads.get();
		}
		finally {
			this.pinningThreads.decrementAndGet();
			this.pinned.remove();
		}
	}

	/**
	 * Run reads on this thread that see other resolved forms than those served, without changing
	 * what other threads see.
	 * @param <T> the type of the result
	 * @param resolvedByWritten the resolved forms to read, keyed by the values as written
	 * @param reads the reads
	 * @return the result of the reads
	 */
	<T> T readWith(Map<String, String> resolvedByWritten, Supplier<T> reads) {
		Snapshot previous = this.pinned.get();
		this.pinned.set(new Snapshot(Map.copyOf(resolvedByWritten), this.snapshot.referenceValues()));
		this.pinningThreads.incrementAndGet();
		try {
			return reads.get();
		}
		finally {
			this.pinningThreads.decrementAndGet();
			if (previous != null) {
				this.pinned.set(previous);
			}
			else {
				this.pinned.remove();
			}
		}
	}

	private Snapshot readSnapshot() {
		if (this.pinningThreads.get() == 0) {
			return this.snapshot;
		}
		Snapshot pinned = this.pinned.get();
		return (pinned != null) ? pinned : this.snapshot;
	}

	/**
	 * Return the resolved form of a value as written, or the value itself if it holds no
	 * reference or has not been resolved (for example because a higher-precedence source shadows
	 * it). A value whose references are still being fetched at startup waits for them.
	 * @param written the value as a property source holds it
	 * @return the value to serve
	 * @throws io.github.secretresolver.SecretResolutionException if the value was being fetched
	 * and a reference of the resolution could not be resolved
	 */
	@Nullable Object resolve(@Nullable Object written) {
		if (!(written instanceof CharSequence text) || !ReferenceSyntax.containsReference(text)) {
			return written;
		}
		String key = text.toString();
		// Pending values are read first: they stop being pending only once published, so a
		// value missing from the snapshot read next is either still pending or not resolved.
		PendingValues pending = this.pending;
		String resolved = readSnapshot().resolvedByWritten().get(key);
		if (resolved == null && pending != null && pending.holds(key)) {
			pending.await();
			// the published snapshot: one pinned before the values arrived cannot hold them
			resolved = this.snapshot.resolvedByWritten().get(key);
		}
		return (resolved != null) ? resolved : written;
	}

	/**
	 * Serve values that are still being fetched: until they arrive, a read of one of them waits.
	 * @param values the values being fetched
	 */
	void expect(PendingValues values) {
		this.pending = values;
	}

	/**
	 * Stop waiting for values that have arrived and are served. Values whose fetch failed stay
	 * expected, so that every read of them fails as startup does.
	 * @param values the values that arrived
	 */
	void arrived(PendingValues values) {
		if (this.pending == values) {
			this.pending = null;
		}
	}

	/**
	 * Replace every resolved form at once: a reader sees either all the previous values or all the
	 * new ones.
	 * @param resolvedByWritten resolved forms keyed by the value as written
	 * @param referenceValues the values fetched for the references in them, keyed by reference text
	 */
	void replace(Map<String, String> resolvedByWritten, Map<String, String> referenceValues) {
		this.snapshot = new Snapshot(Map.copyOf(resolvedByWritten), Map.copyOf(referenceValues));
	}

	/**
	 * Return the resolved forms keyed by the values as written.
	 * @return an immutable map
	 */
	Map<String, String> resolvedByWritten() {
		return this.snapshot.resolvedByWritten();
	}

	/**
	 * Return whether a text contains a fetched value that itself contains the SpEL expression
	 * prefix {@code #{}.
	 * @param text the text to check
	 * @return whether evaluating the text as an expression template could evaluate fetched content
	 */
	boolean carriesExpression(String text) {
		return this.snapshot.referenceValues()
			.values()
			.stream()
			.anyMatch((value) -> value.contains(EXPRESSION_PREFIX) && text.contains(value));
	}

	/**
	 * Return whether a text is exactly a fetched value or the whole resolved form of a property
	 * value, as a reader sees it after placeholder resolution.
	 * @param text the text to check
	 * @return whether the text is a whole resolved value
	 */
	boolean isWholeValue(String text) {
		Snapshot snapshot = this.snapshot;
		return snapshot.referenceValues().containsValue(text) || snapshot.resolvedByWritten()
			.values()
			.stream()
			.anyMatch((resolved) -> resolved.replace("\\${", "${").equals(text));
	}

	/**
	 * Return how many distinct written values are resolved.
	 * @return the number of resolved values
	 */
	int size() {
		return this.snapshot.resolvedByWritten().size();
	}

	@Override
	public String toString() {
		return "ServedValues[" + size() + " values]";
	}

	private record Snapshot(Map<String, String> resolvedByWritten, Map<String, String> referenceValues) {

		@Override
		public String toString() {
			return "Snapshot[" + this.resolvedByWritten.size() + " values]";
		}

	}

}
