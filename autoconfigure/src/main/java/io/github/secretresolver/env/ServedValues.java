package io.github.secretresolver.env;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.reference.ReferenceSyntax;
import org.jspecify.annotations.Nullable;

/**
 * The values the property sources serve: the resolved form of every property value that contains
 * references, keyed by the value as written, in one immutable snapshot that is replaced as a whole,
 * so a single read never mixes values from two resolutions; {@link #readConsistently} makes
 * several reads see one resolution. Also knows every value fetched recently, for masking.
 * Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class ServedValues implements ResolvedValues {

	private static final String EXPRESSION_PREFIX = "#{";

	private static final int MAX_VALUES_PER_REFERENCE = 8;

	private static final int MIN_MASKED_ELEMENT_LENGTH = 6;

	private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

	/**
	 * Recent values of each reference (replaced values included: beans that are not rebound still
	 * hold them, and those must stay masked too), at most {@value #MAX_VALUES_PER_REFERENCE} each.
	 */
	private final Map<String, List<String>> valueHistory = new HashMap<>();

	/**
	 * The texts whose presence reveals a fetched value: the values, their escaped forms, and the
	 * elements of comma-separated values (bound to lists).
	 */
	private volatile Set<String> maskedTexts = Set.of();

	private final ThreadLocal<Snapshot> pinned = new ThreadLocal<>();

	/**
	 * Number of threads inside {@link #readConsistently}, so that ordinary reads skip the thread
	 * local lookup when there are none.
	 */
	private final AtomicInteger pinningThreads = new AtomicInteger();

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
	 * it).
	 * @param written the value as a property source holds it
	 * @return the value to serve
	 */
	@Nullable Object resolve(@Nullable Object written) {
		if (!(written instanceof CharSequence text) || !ReferenceSyntax.containsReference(text)) {
			return written;
		}
		String resolved = readSnapshot().resolvedByWritten().get(text.toString());
		return (resolved != null) ? resolved : written;
	}

	/**
	 * Replace every resolved form at once: a reader sees either all the previous values or all the
	 * new ones.
	 * @param resolvedByWritten resolved forms keyed by the value as written
	 * @param referenceValues the values fetched for the references in them, keyed by reference text
	 */
	synchronized void replace(Map<String, String> resolvedByWritten, Map<String, String> referenceValues) {
		referenceValues.forEach((reference, value) -> {
			List<String> values = this.valueHistory.computeIfAbsent(reference, (key) -> new ArrayList<>());
			if (!values.contains(value)) {
				values.add(value);
				if (values.size() > MAX_VALUES_PER_REFERENCE) {
					values.remove(0);
				}
			}
		});
		Set<String> masked = new HashSet<>();
		this.valueHistory.values().forEach((values) -> values.forEach((value) -> addMaskedTexts(masked, value)));
		this.maskedTexts = Set.copyOf(masked);
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
	 * Return whether a text contains a value fetched from AWS, current or recently replaced by a
	 * refresh, in its escaped form, or an element of a comma-separated value (six characters or
	 * more). Used to mask values that reach output through placeholders such as
	 * {@code ${spring.datasource.password}}, through list binding, or through beans still holding an
	 * old value.
	 * @param text the text to check
	 * @return whether the text reveals a fetched value
	 */
	boolean reveals(@Nullable Object text) {
		if (text == null) {
			return false;
		}
		String candidate = text.toString();
		return this.maskedTexts.stream().anyMatch(candidate::contains);
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

	private static void addMaskedTexts(Set<String> masked, String value) {
		if (value.isEmpty()) {
			return;
		}
		masked.add(value);
		masked.add(value.replace("${", "\\${"));
		for (String element : value.split(",")) {
			if (element.strip().length() >= MIN_MASKED_ELEMENT_LENGTH) {
				masked.add(element.strip());
			}
		}
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
