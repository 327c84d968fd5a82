package io.github.secretresolver.env;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.github.secretresolver.fetch.FetchResult;
import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.SecretReference;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Everything known about the references of one application, in one place: the property values
 * written with references and the properties that use them, the state of every reference (its last
 * good value included), and the values served, which it composes from them. Thread-safe: writes
 * are serialized; reads of served values never wait.
 *
 * @author Secret Resolver contributors
 */
final class ValueStore implements ReferenceStates, SecretProperties {

	private final Map<String, WrittenValue> writtenValues = new LinkedHashMap<>();

	private final Map<String, Set<String>> propertyNamesByWritten = new HashMap<>();

	private final Map<SecretReference, ReferenceStatus> statuses = new LinkedHashMap<>();

	private final ServedValues served = new ServedValues();

	private volatile SecretPropertyIndex index = SecretPropertyIndex.EMPTY;

	/**
	 * Return the values the property sources serve.
	 * @return the served values
	 */
	ServedValues served() {
		return this.served;
	}

	Set<String> reachedBy(Collection<String> properties) {
		return this.index.reachedBy(properties);
	}

	@Override
	public boolean isSecret(@Nullable PropertySource<?> source, String name) {
		return this.index.isSecret(source, name);
	}

	/**
	 * Index the property sources: which properties hold values from AWS, and which properties are
	 * composed from which. What earlier passes indexed is kept: sources are added as the
	 * application starts, and a Spring Cloud refresh indexes a copy of the environment.
	 * @param sources the property sources
	 */
	void index(PropertySources sources) {
		boolean holdsReferences;
		synchronized (this) {
			holdsReferences = !this.writtenValues.isEmpty();
		}
		if (holdsReferences) {
			index(SecretPropertyIndex.of(sources));
		}
	}

	/**
	 * Add an index of property sources taken earlier (for example before a fetch in the
	 * background) to what earlier passes indexed.
	 * @param sources the index of the property sources
	 */
	void index(SecretPropertyIndex sources) {
		this.index = this.index.merge(sources);
	}

	@Override
	public List<ReferenceState> current() {
		synchronized (this) {
			Map<SecretReference, Duration> intervals = refreshIntervals();
			Map<SecretReference, Set<String>> propertyNames = propertyNamesByReference();
			List<ReferenceState> states = new ArrayList<>();
			this.statuses.forEach((reference, status) -> states
				.add(status.state(propertyNames.getOrDefault(reference, Set.of()), intervals.get(reference))));
			return List.copyOf(states);
		}
	}

	// Writes ----------------------------------------------------------------

	/**
	 * Return whether a value as written has been resolved already.
	 * @param written the value as written
	 * @return whether it is known
	 */
	synchronized boolean isKnown(String written) {
		return this.writtenValues.containsKey(written);
	}

	/**
	 * Return, for the references among the given ones that are already held, the result to compose
	 * with.
	 * @param references the references
	 * @return the results of the references held
	 */
	synchronized Map<SecretReference, FetchResult> heldResults(Set<SecretReference> references) {
		Map<SecretReference, FetchResult> results = new HashMap<>();
		references.stream()
			.filter(this.statuses::containsKey)
			.forEach((reference) -> results.put(reference, effectiveResult(reference, null)));
		return results;
	}

	/**
	 * Add newly resolved written values, record the results fetched for them, and publish the new
	 * resolved forms.
	 * @param properties the written value of each new property
	 * @param fetched the results fetched for references not held before
	 * @param at when they were fetched
	 */
	synchronized void add(Map<ReferencedProperty, WrittenValue> properties, Map<SecretReference, FetchResult> fetched,
			Instant at) {
		properties.forEach((property, value) -> {
			this.writtenValues.put(value.written(), value);
			this.propertyNamesByWritten.computeIfAbsent(value.written(), (key) -> new TreeSet<>()).add(property.name());
		});
		Set<SecretReference> absenceExpected = defaultedEverywhere();
		fetched.forEach((reference, result) -> this.statuses.computeIfAbsent(reference, ReferenceStatus::new)
			.record(result, at, absenceExpected.contains(reference)));
		publish(composeAll(Map.of()));
	}

	/**
	 * Return the references that a refresh may fetch again: all but KMS references, whose
	 * ciphertext cannot change.
	 * @param selection which references to refresh
	 * @return the selected references
	 */
	synchronized List<SecretReference> refreshable(Predicate<SecretReference> selection) {
		return this.statuses.keySet()
			.stream()
			.filter((reference) -> !(reference instanceof KmsReference))
			.filter(selection)
			.toList();
	}

	/**
	 * Record the results of a refresh and publish the resolved forms that changed. A reference
	 * whose fetch failed keeps its last good value; an optional reference whose value no longer
	 * exists falls back to its default.
	 * @param results the results fetched again
	 * @param at when they were fetched
	 * @return what changed and what failed
	 */
	synchronized Recorded record(Map<SecretReference, FetchResult> results, Instant at) {
		List<SecretReference> failed = new ArrayList<>();
		Set<SecretReference> absenceExpected = defaultedEverywhere();
		results.forEach((reference, result) -> {
			ReferenceStatus status = this.statuses.get(reference);
			status.record(result, at, absenceExpected.contains(reference));
			if (status.lastFailure() != null) {
				failed.add(reference);
			}
		});
		Map<String, String> before = this.served.resolvedByWritten();
		Map<String, String> after = composeAll(results);
		Set<String> changed = new TreeSet<>();
		after.forEach((written, resolved) -> {
			if (!resolved.equals(before.get(written))) {
				changed.addAll(this.propertyNamesByWritten.get(written));
			}
		});
		Set<String> changedProperties = new TreeSet<>(this.index.reachedBy(changed));
		if (!changedProperties.isEmpty()) {
			publish(after);
		}
		Map<SecretReference, Set<String>> propertyNames = failed.isEmpty() ? Map.of() : propertyNamesByReference();
		List<ReferenceState> failedStates = failed.stream()
			.map((reference) -> this.statuses.get(reference)
				.state(propertyNames.getOrDefault(reference, Set.of()), null))
			.toList();
		return new Recorded(changedProperties, failedStates);
	}

	/**
	 * Return the references behind some properties: written in their values or in the values of
	 * the properties they use through placeholders, transitively; KMS references left out.
	 * @param propertyNames the property names, in any form Spring Boot accepts
	 * @return the references, in the order they were first resolved
	 */
	synchronized Set<SecretReference> referencesBehind(Collection<String> propertyNames) {
		Set<String> wanted = canonicalNames(propertyNames);
		Map<SecretReference, Set<String>> namesByReference = propertyNamesByReference();
		Set<SecretReference> references = new LinkedHashSet<>();
		this.statuses.keySet()
			.stream()
			.filter((reference) -> !(reference instanceof KmsReference))
			.filter((reference) -> !Collections.disjoint(
					canonicalNames(this.index.reachedBy(namesByReference.getOrDefault(reference, Set.of()))), wanted))
			.forEach(references::add);
		return references;
	}

	/**
	 * Compose every written value as it would be with other results for some references, without
	 * recording or serving them.
	 * @param substitutes the results to compose with instead of those held
	 * @return the resolved forms keyed by the values as written
	 */
	synchronized Map<String, String> composeWith(Map<SecretReference, FetchResult> substitutes) {
		return composeAll(substitutes);
	}

	private static Set<String> canonicalNames(Collection<String> names) {
		Set<String> canonical = new HashSet<>();
		names.forEach((name) -> {
			ConfigurationPropertyName parsed = SecretPropertyIndex.canonical(name);
			canonical.add((parsed != null) ? parsed.toString() : name);
		});
		return canonical;
	}

	/**
	 * Return, for every reference, the names of the properties whose values use it (sorted), in
	 * one pass over the written values: the cost grows with the number of uses, not with
	 * references times values.
	 */
	private Map<SecretReference, Set<String>> propertyNamesByReference() {
		Map<SecretReference, Set<String>> names = new HashMap<>();
		this.writtenValues.values()
			.forEach((value) -> value.references()
				.values()
				.forEach((reference) -> names.computeIfAbsent(reference, (key) -> new TreeSet<>())
					.addAll(this.propertyNamesByWritten.get(value.written()))));
		return names;
	}

	/**
	 * Return the references written with their own refresh interval ({@code |ttl=...}), each with
	 * the shortest interval written for it.
	 */
	private Map<SecretReference, Duration> refreshIntervals() {
		Map<SecretReference, Duration> intervals = new HashMap<>();
		this.writtenValues.values()
			.forEach((value) -> value.references().forEach((embedded, reference) -> {
				if (embedded.refreshInterval() != null) {
					intervals.merge(reference, embedded.refreshInterval(),
							(first, second) -> (first.compareTo(second) <= 0) ? first : second);
				}
			}));
		return intervals;
	}

	/**
	 * Return the references every use of which has a default, so that their values not existing
	 * is expected rather than a failure; in one pass over the written values.
	 */
	private Set<SecretReference> defaultedEverywhere() {
		Map<SecretReference, Boolean> defaulted = new HashMap<>();
		this.writtenValues.values()
			.forEach((value) -> value.references()
				.forEach((embedded, reference) -> defaulted.merge(reference, value.defaults().containsKey(embedded),
						Boolean::logicalAnd)));
		Set<SecretReference> references = new HashSet<>();
		defaulted.forEach((reference, everywhere) -> {
			if (everywhere) {
				references.add(reference);
			}
		});
		return references;
	}
	/**
	 * Compose every written value from fresh results where they succeeded (or found a value
	 * missing), and from the last good values otherwise.
	 */
	private Map<String, String> composeAll(Map<SecretReference, FetchResult> fresh) {
		Map<String, String> resolved = new LinkedHashMap<>();
		for (WrittenValue value : this.writtenValues.values()) {
			String composed = value.compose((reference) -> effectiveResult(reference, fresh.get(reference)))
				.resolved();
			resolved.put(value.written(), (composed != null) ? composed : this.served.resolvedByWritten()
				.get(value.written()));
		}
		return resolved;
	}

	/**
	 * Return the result to compose with: the latest result when it holds a value or says the value
	 * no longer exists (so a default applies), otherwise the last good value.
	 */
	private FetchResult effectiveResult(SecretReference reference, @Nullable FetchResult fresh) {
		ReferenceStatus status = this.statuses.get(reference);
		FetchResult latest = (fresh != null) ? fresh : status.lastResult();
		if (latest.isSuccess() || latest.failure().notFound()) {
			return latest;
		}
		FetchResult lastGood = status.lastGood();
		return (lastGood != null) ? lastGood : latest;
	}

	/**
	 * Replace every resolved form at once: a reader sees either all the previous values or all the
	 * new ones.
	 */
	private void publish(Map<String, String> resolvedByWritten) {
		Map<String, String> referenceValues = new HashMap<>();
		this.statuses.forEach((reference, status) -> {
			FetchResult lastGood = status.lastGood();
			if (lastGood != null) {
				referenceValues.put(reference.text(), lastGood.value());
			}
		});
		this.served.replace(resolvedByWritten, referenceValues);
	}

	@Override
	public String toString() {
		return "ValueStore[" + this.served + "]";
	}

	/**
	 * What a refresh recorded. Holds no value.
	 *
	 * @param changedProperties the names of the properties whose resolved values changed
	 * @param failed the references whose fetch failed
	 */
	record Recorded(Set<String> changedProperties, List<ReferenceState> failed) {
	}

}
