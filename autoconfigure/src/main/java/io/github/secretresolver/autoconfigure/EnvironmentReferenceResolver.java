package io.github.secretresolver.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.ReferenceScanner;
import io.github.secretresolver.reference.ScannedValue;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.refresh.ReferenceStatus;
import io.github.secretresolver.refresh.TransientFailures;
import io.github.secretresolver.resolve.FetchResult;
import io.github.secretresolver.resolve.SecretResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Resolves the references in an {@link ConfigurableEnvironment} and keeps them fresh.
 * <p>
 * {@link #resolve} collects the effective values that contain references, fetches every distinct
 * reference in one planned pass, stores the resolved values, and then wraps the property sources
 * so that they serve them. An environment without references is left untouched. Values already
 * resolved are not fetched again, so it can run a second time for property sources added later.
 * <p>
 * {@link #refresh} fetches the references again in one planned pass, keeps the last good value of
 * every reference whose fetch fails, and swaps in the new resolved values at once. KMS references
 * are never refreshed: a ciphertext cannot change. Thread-safe: one resolution or refresh runs at a
 * time, and reading statuses never waits for AWS.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class EnvironmentReferenceResolver {

	private static final int MAX_REFERENCE_LENGTH_IN_ERRORS = 160;

	private final SecretResolver secretResolver;

	private final ResolvedValues resolvedValues;

	private final Clock clock;

	private final Map<String, WrittenValue> writtenValues = new LinkedHashMap<>();

	private final Map<String, Set<String>> propertyNamesByWritten = new HashMap<>();

	private final Map<SecretReference, ReferenceStatus> statuses = new LinkedHashMap<>();

	/**
	 * Serializes resolution and refresh passes.
	 */
	private final ReentrantLock passLock = new ReentrantLock();

	/**
	 * Guards the maps above; never held while AWS is called.
	 */
	private final Object state = new Object();

	/**
	 * Create a new instance.
	 * @param secretResolver fetches values from AWS
	 * @param resolvedValues receives the resolved values
	 * @param clock the clock that timestamps fetches
	 */
	public EnvironmentReferenceResolver(SecretResolver secretResolver, ResolvedValues resolvedValues, Clock clock) {
		this.secretResolver = secretResolver;
		this.resolvedValues = resolvedValues;
		this.clock = clock;
	}

	/**
	 * Resolve every unresolved reference in the environment.
	 * @param environment the environment
	 * @return how many properties and distinct references were resolved
	 * @throws SecretResolutionException listing every reference that could not be resolved
	 */
	public Summary resolve(ConfigurableEnvironment environment) {
		this.passLock.lock();
		try {
			return resolvePass(environment);
		}
		finally {
			this.passLock.unlock();
		}
	}

	private Summary resolvePass(ConfigurableEnvironment environment) {
		List<ReferencedProperty> properties;
		synchronized (this.state) {
			properties = ReferencedPropertyCollector.collect(environment.getPropertySources())
				.stream()
				.filter((property) -> !this.writtenValues.containsKey(property.written()))
				.toList();
		}
		if (properties.isEmpty()) {
			return new Summary(0, 0);
		}
		List<ResolutionError> errors = new ArrayList<>();
		Map<ReferencedProperty, WrittenValue> parsed = new LinkedHashMap<>();
		for (ReferencedProperty property : properties) {
			WrittenValue value = parse(environment, property, errors);
			if (value != null) {
				parsed.put(property, value);
			}
		}
		Set<SecretReference> references = new LinkedHashSet<>();
		parsed.values().forEach((value) -> references.addAll(value.references().values()));
		Map<SecretReference, FetchResult> results = new HashMap<>();
		Set<SecretReference> unknown = new LinkedHashSet<>(references);
		synchronized (this.state) {
			// References a previous pass resolved are not fetched again.
			references.stream()
				.filter(this.statuses::containsKey)
				.forEach((reference) -> results.put(reference, effectiveResult(reference, null)));
			unknown.removeAll(this.statuses.keySet());
		}
		Map<SecretReference, FetchResult> fetched = this.secretResolver.resolve(unknown);
		results.putAll(fetched);
		parsed.forEach((property, value) -> value.compose(results::get)
			.failures()
			.forEach((failure) -> errors.add(error(property, failure.getKey().text(),
					failure.getValue().failure().errorCode(), failure.getValue().failure().message()))));
		if (!errors.isEmpty()) {
			throw new SecretResolutionException(errors);
		}
		synchronized (this.state) {
			parsed.forEach((property, value) -> {
				this.writtenValues.put(value.written(), value);
				this.propertyNamesByWritten.computeIfAbsent(value.written(), (key) -> new TreeSet<>())
					.add(property.name());
			});
			Instant now = this.clock.instant();
			fetched.forEach((reference, result) -> this.statuses.computeIfAbsent(reference, ReferenceStatus::new)
				.record(result, now, hasDefaultEverywhere(reference)));
			publish(composeAll());
		}
		PropertySourceWrapping.wrapAll(environment.getPropertySources(), this.resolvedValues);
		return new Summary(parsed.size(), unknown.size());
	}

	/**
	 * Fetch the selected references again and serve their new values. A reference whose fetch
	 * fails keeps its last good value; an optional reference whose value no longer exists falls back
	 * to its default.
	 * @param environment the environment whose property sources serve the values
	 * @param selection which references to refresh
	 * @return what changed and what failed
	 */
	public RefreshResult refresh(ConfigurableEnvironment environment, Predicate<SecretReference> selection) {
		this.passLock.lock();
		try {
			return refreshPass(environment, selection);
		}
		finally {
			this.passLock.unlock();
		}
	}

	private RefreshResult refreshPass(ConfigurableEnvironment environment, Predicate<SecretReference> selection) {
		List<SecretReference> references;
		synchronized (this.state) {
			references = this.statuses.keySet()
				.stream()
				.filter((reference) -> !(reference instanceof KmsReference))
				.filter(selection)
				.toList();
		}
		if (references.isEmpty()) {
			return new RefreshResult(0, Set.of(), List.of(), false);
		}
		// Fetched without holding the state, so that status readers (health, metrics, the
		// endpoint) never wait for AWS.
		Map<SecretReference, FetchResult> results = this.secretResolver.resolve(references);
		Set<String> changedProperties = new TreeSet<>();
		List<ReferenceStatus> failed = new ArrayList<>();
		synchronized (this.state) {
			Instant now = this.clock.instant();
			results.forEach((reference, result) -> {
				ReferenceStatus status = this.statuses.get(reference);
				status.record(result, now, hasDefaultEverywhere(reference));
				if (status.lastFailure() != null) {
					failed.add(status);
				}
			});
			Map<String, String> before = this.resolvedValues.resolvedByWritten();
			Map<String, String> after = composeAll(results);
			after.forEach((written, resolved) -> {
				if (!resolved.equals(before.get(written))) {
					changedProperties.addAll(this.propertyNamesByWritten.get(written));
				}
			});
			if (!changedProperties.isEmpty()) {
				publish(after);
			}
		}
		if (!changedProperties.isEmpty()) {
			PropertySourceWrapping.replaceSystemEnvironment(environment.getPropertySources(), this.resolvedValues);
		}
		boolean transientFailure = failed.stream()
			.anyMatch((status) -> TransientFailures.isTransient(status.lastFailure()));
		return new RefreshResult(references.size(), changedProperties, failed, transientFailure);
	}

	/**
	 * Return the status of every reference, in the order they were first resolved.
	 * @return the statuses
	 */
	public List<ReferenceStatus> statuses() {
		synchronized (this.state) {
			return List.copyOf(this.statuses.values());
		}
	}

	/**
	 * Return the references written with their own refresh interval ({@code |ttl=...}), each with
	 * the shortest interval written for it.
	 * @return the intervals by reference
	 */
	public Map<SecretReference, Duration> refreshIntervals() {
		Map<SecretReference, Duration> intervals = new HashMap<>();
		synchronized (this.state) {
			this.writtenValues.values()
				.forEach((value) -> value.references().forEach((embedded, reference) -> {
					if (embedded.refreshInterval() != null) {
						intervals.merge(reference, embedded.refreshInterval(),
								(first, second) -> (first.compareTo(second) <= 0) ? first : second);
					}
				}));
		}
		return intervals;
	}

	/**
	 * Return the names of the properties whose values use a reference.
	 * @param reference the reference
	 * @return the property names, sorted
	 */
	public Set<String> propertyNames(SecretReference reference) {
		Set<String> names = new TreeSet<>();
		synchronized (this.state) {
			this.writtenValues.values()
				.stream()
				.filter((value) -> value.references().containsValue(reference))
				.forEach((value) -> names.addAll(this.propertyNamesByWritten.get(value.written())));
		}
		return names;
	}

	/**
	 * Return whether every use of a reference has a default, so that its value not existing is
	 * expected rather than a failure.
	 */
	private boolean hasDefaultEverywhere(SecretReference reference) {
		return this.writtenValues.values()
			.stream()
			.flatMap((value) -> value.references()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(reference))
				.map((entry) -> value.defaults().containsKey(entry.getKey())))
			.allMatch(Boolean::booleanValue);
	}

	private Map<String, String> composeAll() {
		return composeAll(Map.of());
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
			resolved.put(value.written(), (composed != null) ? composed : this.resolvedValues.resolvedByWritten()
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

	private void publish(Map<String, String> resolvedByWritten) {
		Map<String, String> referenceValues = new HashMap<>();
		this.statuses.forEach((reference, status) -> {
			FetchResult lastGood = status.lastGood();
			if (lastGood != null) {
				referenceValues.put(reference.text(), lastGood.value());
			}
		});
		this.resolvedValues.replace(resolvedByWritten, referenceValues);
	}

	private @Nullable WrittenValue parse(ConfigurableEnvironment environment, ReferencedProperty property,
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
		return new WrittenValue(property.written(), scanned, references, defaults);
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
	 * What one {@link #resolve} call did.
	 *
	 * @param properties the number of property values resolved
	 * @param references the number of distinct references fetched
	 */
	public record Summary(int properties, int references) {
	}

	/**
	 * What one {@link #refresh} call did. Holds no value.
	 *
	 * @param references the number of references fetched again
	 * @param changedProperties the names of the properties whose resolved values changed
	 * @param failed the references whose fetch failed (they keep their last good value)
	 * @param transientFailure whether a failure was transient (throttling, server error, timeout,
	 * network), so that retrying soon may help
	 */
	public record RefreshResult(int references, Set<String> changedProperties, Collection<ReferenceStatus> failed,
			boolean transientFailure) {
	}

}
