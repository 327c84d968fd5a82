package io.github.secretresolver.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.ReferenceScanner;
import io.github.secretresolver.reference.ScannedValue;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.resolve.FetchResult;
import io.github.secretresolver.resolve.SecretResolver;

import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Resolves the references in an {@link ConfigurableEnvironment}: collects the effective values
 * that contain references, fetches every distinct reference in one planned pass, stores the
 * resolved values, and then wraps the property sources so that they serve them. An environment
 * without references is left untouched. Values already resolved are not fetched again, so it can
 * run a second time for property sources added later.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class EnvironmentReferenceResolver {

	private static final int MAX_REFERENCE_LENGTH_IN_ERRORS = 160;

	private final SecretResolver secretResolver;

	private final ResolvedValues resolvedValues;

	/**
	 * Create a new instance.
	 * @param secretResolver fetches values from AWS
	 * @param resolvedValues receives the resolved values
	 */
	public EnvironmentReferenceResolver(SecretResolver secretResolver, ResolvedValues resolvedValues) {
		this.secretResolver = secretResolver;
		this.resolvedValues = resolvedValues;
	}

	/**
	 * Resolve every unresolved reference in the environment.
	 * @param environment the environment
	 * @return how many properties and distinct references were resolved
	 * @throws SecretResolutionException listing every reference that could not be resolved
	 */
	public Summary resolve(ConfigurableEnvironment environment) {
		List<ReferencedProperty> properties = ReferencedPropertyCollector.collect(environment.getPropertySources())
			.stream()
			.filter((property) -> !this.resolvedValues.isResolved(property.written()))
			.toList();
		if (properties.isEmpty()) {
			return new Summary(0, 0);
		}
		List<ResolutionError> errors = new ArrayList<>();
		Map<ReferencedProperty, ParsedValue> parsed = new LinkedHashMap<>();
		for (ReferencedProperty property : properties) {
			ParsedValue value = parse(environment, property, errors);
			if (value != null) {
				parsed.put(property, value);
			}
		}
		Set<SecretReference> references = new LinkedHashSet<>();
		parsed.values().forEach((value) -> references.addAll(value.references().values()));
		Map<SecretReference, FetchResult> results = this.secretResolver.resolve(references);
		Map<String, String> resolvedByWritten = new HashMap<>();
		Map<String, String> referenceValues = new HashMap<>();
		parsed.forEach((property, value) -> compose(property, value, results, errors)
			.ifPresent((resolved) -> resolvedByWritten.put(property.written(), resolved)));
		if (!errors.isEmpty()) {
			throw new SecretResolutionException(errors);
		}
		results.forEach((reference, result) -> {
			if (result.isSuccess()) {
				referenceValues.put(reference.text(), result.value());
			}
		});
		this.resolvedValues.add(resolvedByWritten, referenceValues);
		PropertySourceWrapping.wrapAll(environment.getPropertySources(), this.resolvedValues);
		return new Summary(resolvedByWritten.size(), references.size());
	}

	private ParsedValue parse(ConfigurableEnvironment environment, ReferencedProperty property,
			List<ResolutionError> errors) {
		ScannedValue scanned;
		try {
			scanned = ReferenceScanner.scan(property.written());
		}
		catch (InvalidReferenceException ex) {
			errors.add(error(property, property.written(), "InvalidReference", ex.getMessage()));
			return null;
		}
		Map<EmbeddedReference, SecretReference> references = new LinkedHashMap<>();
		Map<EmbeddedReference, String> defaults = new HashMap<>();
		for (EmbeddedReference embedded : scanned.references()) {
			try {
				references.put(embedded, ReferenceParser.parse(environment.resolveRequiredPlaceholders(embedded.body())));
				if (embedded.defaultValue() != null) {
					defaults.put(embedded, environment.resolveRequiredPlaceholders(embedded.defaultValue()));
				}
			}
			catch (InvalidReferenceException ex) {
				errors.add(error(property, embedded.text(), "InvalidReference", ex.getMessage()));
			}
			catch (IllegalArgumentException ex) {
				errors.add(error(property, embedded.text(), "UnresolvablePlaceholder", ex.getMessage()));
			}
		}
		if (references.size() != scanned.references().size()) {
			return null;
		}
		return new ParsedValue(scanned, references, defaults);
	}

	private static Optional<String> compose(ReferencedProperty property, ParsedValue value,
			Map<SecretReference, FetchResult> results, List<ResolutionError> errors) {
		int errorCount = errors.size();
		List<Object> parts = value.scanned().parts();
		StringBuilder composed = new StringBuilder();
		for (int index = 0; index < parts.size(); index++) {
			if (!(parts.get(index) instanceof EmbeddedReference embedded)) {
				composed.append(parts.get(index));
				continue;
			}
			FetchResult result = results.get(value.references().get(embedded));
			if (result.isSuccess()) {
				composed.append(PlaceholderEscaper.escape(result.value(), writtenText(parts, index + 1)));
			}
			else if (result.failure().notFound() && value.defaults().containsKey(embedded)) {
				composed.append(value.defaults().get(embedded));
			}
			else {
				errors.add(error(property, embedded.text(), result.failure().errorCode(), result.failure().message()));
			}
		}
		return (errors.size() > errorCount) ? Optional.empty() : Optional.of(composed.toString());
	}

	private static String writtenText(List<Object> parts, int from) {
		StringBuilder text = new StringBuilder();
		parts.subList(from, parts.size()).forEach(text::append);
		return text.toString();
	}

	private static ResolutionError error(ReferencedProperty property, String reference, String code, String message) {
		return new ResolutionError(property.name(), property.origin(), abbreviate(reference), code, message);
	}

	/**
	 * Shorten a long reference (a KMS ciphertext can be megabytes) for error messages.
	 */
	private static String abbreviate(String reference) {
		if (reference.length() <= MAX_REFERENCE_LENGTH_IN_ERRORS) {
			return reference;
		}
		int kept = MAX_REFERENCE_LENGTH_IN_ERRORS / 2;
		return reference.substring(0, kept) + "…(" + reference.length() + " characters)…"
				+ reference.substring(reference.length() - kept);
	}

	/**
	 * A property value with its references parsed.
	 */
	private record ParsedValue(ScannedValue scanned, Map<EmbeddedReference, SecretReference> references,
			Map<EmbeddedReference, String> defaults) {
	}

	/**
	 * What one {@link #resolve} call did.
	 *
	 * @param properties the number of property values resolved
	 * @param references the number of distinct references fetched
	 */
	public record Summary(int properties, int references) {
	}

}
