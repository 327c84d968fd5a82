package io.github.secretresolver.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.ScannedValue;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.fetch.FetchResult;
import org.jspecify.annotations.Nullable;

/**
 * A property value as written, with its references parsed: what is needed to compose its
 * resolved form again whenever a referenced value changes.
 *
 * @param written the value as written
 * @param scanned the value split into literal text and references
 * @param references the parsed reference of each embedded reference
 * @param defaults the default of each optional embedded reference, placeholders resolved
 * @author Secret Resolver contributors
 */
record WrittenValue(String written, ScannedValue scanned, Map<EmbeddedReference, SecretReference> references,
		Map<EmbeddedReference, String> defaults) {

	/**
	 * Compose the resolved form: literal text kept, each reference replaced by its value (escaped
	 * for Spring's placeholder handling) or, if the value does not exist, by its default.
	 * @param results the result for each reference
	 * @return the resolved form, or the references that could not be resolved with their results
	 */
	Composition compose(Function<SecretReference, FetchResult> results) {
		List<Object> parts = this.scanned.parts();
		StringBuilder composed = new StringBuilder();
		List<Map.Entry<EmbeddedReference, FetchResult>> failures = new ArrayList<>();
		for (int index = 0; index < parts.size(); index++) {
			if (!(parts.get(index) instanceof EmbeddedReference embedded)) {
				composed.append(parts.get(index));
				continue;
			}
			FetchResult result = results.apply(this.references.get(embedded));
			if (result.isSuccess()) {
				composed.append(PlaceholderEscaper.escape(result.value(), writtenText(parts, index + 1)));
			}
			else if (result.failure().notFound() && this.defaults.containsKey(embedded)) {
				composed.append(this.defaults.get(embedded));
			}
			else {
				failures.add(Map.entry(embedded, result));
			}
		}
		return new Composition(failures.isEmpty() ? composed.toString() : null, failures);
	}

	private static String writtenText(List<Object> parts, int from) {
		StringBuilder text = new StringBuilder();
		parts.subList(from, parts.size()).forEach(text::append);
		return text.toString();
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
