package io.github.secretresolver.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.secretresolver.env.PlaceholderTemplate.Piece;
import io.github.secretresolver.fetch.FetchResult;
import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.SecretReference;
import org.jspecify.annotations.Nullable;

/**
 * A property value as written, with its placeholders read and its live references parsed: what
 * is needed to compose its resolved form again whenever a referenced value changes.
 *
 * @param written the value as written
 * @param template the value read as Spring reads placeholders
 * @param references the parsed reference of each live embedded reference (references in the
 * default of a placeholder whose key has a value are not live, and never fetched)
 * @param defaults the default of each optional live reference, placeholders resolved
 * @author Secret Resolver contributors
 */
record WrittenValue(String written, PlaceholderTemplate template, Map<EmbeddedReference, SecretReference> references,
		Map<EmbeddedReference, String> defaults) {

	/**
	 * Compose the resolved form: literal text and placeholders kept, each live reference replaced by
	 * its value (escaped for Spring's placeholder handling) or, if the value does not exist, by its
	 * default.
	 * @param results the result for each reference
	 * @return the resolved form, or the references that could not be resolved with their results
	 */
	Composition compose(Function<SecretReference, FetchResult> results) {
		List<Map.Entry<EmbeddedReference, FetchResult>> failures = new ArrayList<>();
		String composed = this.template.compose((embedded) -> {
			FetchResult result = results.apply(this.references.get(embedded));
			if (result.isSuccess()) {
				return Piece.fetched(result.value());
			}
			if (result.failure().notFound() && this.defaults.containsKey(embedded)) {
				return Piece.literal(this.defaults.get(embedded));
			}
			failures.add(Map.entry(embedded, result));
			return Piece.literal("");
		});
		return new Composition(failures.isEmpty() ? composed : null, failures);
	}

	@Override
	public String toString() {
		return "WrittenValue[" + this.written.length() + " characters, " + this.references.size() + " references]";
	}

	/**
	 * The outcome of {@link #compose}.
	 *
	 * @param resolved the resolved form, or {@code null} if a reference failed
	 * @param failures the references that could not be resolved
	 */
	record Composition(@Nullable String resolved, List<Map.Entry<EmbeddedReference, FetchResult>> failures) {

		@Override
		public String toString() {
			return "Composition[" + ((this.resolved != null) ? "resolved" : this.failures.size() + " failures") + "]";
		}

	}

}
