package io.github.secretresolver.env;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.ResolvedValues;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.fetch.FetchResult;
import io.github.secretresolver.fetch.Fetcher;
import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.ReferenceScanner;
import io.github.secretresolver.reference.ReferenceSyntax;
import io.github.secretresolver.reference.SecretReference;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySourcesPropertyResolver;

/**
 * Resolves the references in a {@link ConfigurableEnvironment} and keeps them fresh: the engine
 * behind the starter.
 * <p>
 * {@link #resolve} collects the effective values that contain references, fetches every distinct
 * reference in one planned pass, stores the resolved values, and then wraps the property sources
 * so that they serve them. An environment without references is left untouched. Values already
 * resolved are not fetched again, so it can run a second time for property sources added later.
 * {@link #resolveInBackground} does the same while the caller goes on: a read of a value still
 * being fetched waits for it.
 * <p>
 * {@link #refresh} fetches the references again in one planned pass, keeps the last good value of
 * every reference whose fetch fails, and swaps in the new resolved values at once. KMS references
 * are never refreshed: a ciphertext cannot change. Thread-safe: one resolution or refresh runs at a
 * time, and reading states never waits for AWS.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class ReferenceResolver {

	private final Fetcher fetcher;

	private final Fetcher refreshFetcher;

	private final Clock clock;

	private final Predicate<String> readBeforeResolution;

	private final ValueStore store = new ValueStore();

	/**
	 * Serializes resolution and refresh passes.
	 */
	private final ReentrantLock passLock = new ReentrantLock();

	/**
	 * The values of a resolution started in the background, or {@code null}.
	 */
	private volatile @Nullable PendingValues background;

	/**
	 * Create a new instance.
	 * @param fetcher fetches values
	 * @param clock the clock that timestamps fetches
	 */
	public ReferenceResolver(Fetcher fetcher, Clock clock) {
		this(fetcher, fetcher, clock, (name) -> false);
	}

	/**
	 * Create a new instance.
	 * @param fetcher fetches values at startup
	 * @param refreshFetcher fetches values again when they are refreshed (with a shorter budget)
	 * @param clock the clock that timestamps fetches
	 * @param readBeforeResolution tells the properties that are read before references are
	 * resolved, so that a reference in them is an error
	 */
	public ReferenceResolver(Fetcher fetcher, Fetcher refreshFetcher, Clock clock,
			Predicate<String> readBeforeResolution) {
		this.fetcher = fetcher;
		this.refreshFetcher = refreshFetcher;
		this.clock = clock;
		this.readBeforeResolution = readBeforeResolution;
	}

	/**
	 * Return the properties whose effective values contain references (a property shadowed by a
	 * higher-precedence source is not), without resolving them.
	 * @param environment the environment
	 * @return the properties, in the order of their sources
	 */
	public static List<ReferencedProperty> referencedProperties(ConfigurableEnvironment environment) {
		return ReferencedPropertyCollector.collect(environment.getPropertySources());
	}

	/**
	 * Return whether any property value in the environment, as written, contains a reference: a
	 * quick check that reads the values without mapping their names, so it may answer
	 * {@code true} where {@link #referencedProperties} finds none (a shadowed value), never the
	 * reverse.
	 * @param environment the environment
	 * @return whether a value contains a reference
	 */
	public static boolean holdsReferences(ConfigurableEnvironment environment) {
		return ReferencedPropertyCollector.anyReferenceWritten(environment.getPropertySources());
	}

	/**
	 * Resolve every unresolved reference in the environment. Waits first for a resolution
	 * started in the background.
	 * @param environment the environment
	 * @return how many properties and distinct references were resolved
	 * @throws SecretResolutionException listing every reference that could not be resolved
	 */
	public Summary resolve(ConfigurableEnvironment environment) {
		awaitBackgroundResolution();
		this.passLock.lock();
		try {
			Pass pass = plan(environment);
			if (pass == null) {
				return Summary.NONE;
			}
			return finish(environment, pass, this.fetcher.fetch(pass.unknown()));
		}
		finally {
			this.passLock.unlock();
		}
	}

	/**
	 * Resolve every unresolved reference in the environment, fetching in the background while the
	 * caller goes on: the environment's property sources are wrapped at once, and a read of a
	 * property whose value holds a reference waits until its resolved form has arrived (or fails
	 * with every error of the resolution). Nothing reads a half-resolved environment: every
	 * resolved form is served at once. Errors found without fetching (an invalid reference, a
	 * reference in a property read before resolution) end the call at once, with the fetch errors,
	 * as {@link #resolve} does.
	 * @param environment the environment
	 * @param executor runs the fetch; called on this thread before any read waits, so it may read
	 * the environment
	 * @return completed with what was resolved, or with the {@link SecretResolutionException}
	 * that lists every reference that could not be resolved
	 * @throws SecretResolutionException if a reference is invalid or cannot be used
	 */
	public CompletableFuture<Summary> resolveInBackground(ConfigurableEnvironment environment, Executor executor) {
		awaitBackgroundResolution();
		this.passLock.lock();
		try {
			Pass pass = plan(environment);
			if (pass == null) {
				return CompletableFuture.completedFuture(Summary.NONE);
			}
			if (!pass.errors().isEmpty() || pass.unknown().isEmpty()) {
				return CompletableFuture.completedFuture(finish(environment, pass, this.fetcher.fetch(pass.unknown())));
			}
			CompletableFuture<Summary> arrival = new CompletableFuture<>();
			PendingValues pending = new PendingValues(pass.writtenValues(), arrival);
			SecretPropertyIndex index = SecretPropertyIndex.of(environment.getPropertySources());
			// Started before any read can wait (the executor may read the environment), and
			// fetching only once this pass lock is released, when every wrapper is in place.
			executor.execute(() -> fetchInBackground(pass, index, pending, arrival));
			this.store.served().expect(pending);
			this.background = pending;
			PropertySourceWrapping.wrapAll(environment.getPropertySources(), this.store.served());
			return arrival;
		}
		finally {
			this.passLock.unlock();
		}
	}

	private void fetchInBackground(Pass pass, SecretPropertyIndex index, PendingValues pending,
			CompletableFuture<Summary> arrival) {
		this.passLock.lock();
		try {
			Map<SecretReference, FetchResult> fetched = this.fetcher.fetch(pass.unknown());
			List<ResolutionError> errors = fetchErrors(pass, fetched);
			if (!errors.isEmpty()) {
				throw new SecretResolutionException(errors);
			}
			this.store.add(pass.parsed(), fetched, this.clock.instant());
			this.store.index(index);
			this.store.served().arrived(pending);
			arrival.complete(new Summary(pass.parsed().size(), pass.unknown().size()));
		}
		catch (Throwable ex) {
			arrival.completeExceptionally(ex);
		}
		finally {
			this.passLock.unlock();
		}
	}

	/**
	 * Wait for a resolution started with {@link #resolveInBackground}; return at once if there is
	 * none or it has ended. Every pass waits for it first, so that none reads the store before its
	 * values are in it.
	 * @throws SecretResolutionException listing every reference that could not be resolved, if it
	 * failed
	 */
	public void awaitBackgroundResolution() {
		PendingValues pending = this.background;
		if (pending != null) {
			pending.await();
		}
	}

	/**
	 * Collect and parse the unresolved properties of the environment, or return {@code null} if
	 * there are none.
	 */
	private @Nullable Pass plan(ConfigurableEnvironment environment) {
		if (this.store.served().size() == 0 && !holdsReferences(environment)) {
			// nothing written with a reference and nothing resolved before: the quick check spares
			// the applications without references the mapping of every property name
			return null;
		}
		List<ReferencedProperty> properties = ReferencedPropertyCollector.collect(environment.getPropertySources())
			.stream()
			.filter((property) -> !this.store.isKnown(property.written()))
			.toList();
		if (properties.isEmpty()) {
			// sources added since (or copied, in a Spring Cloud refresh) may hold values resolved
			// already, or compose values from secret properties
			if (this.store.served().size() > 0) {
				PropertySourceWrapping.wrapAll(environment.getPropertySources(), this.store.served());
				this.store.index(environment.getPropertySources());
			}
			return null;
		}
		List<ResolutionError> errors = new ArrayList<>();
		Map<ReferencedProperty, WrittenValue> parsed = new LinkedHashMap<>();
		for (ReferencedProperty property : properties) {
			if (this.readBeforeResolution.test(property.name())) {
				errors.add(error(property, property.written(), "ReadBeforeResolution", "'" + property.name()
						+ "' is read before references are resolved, so a reference cannot give it its value"));
				continue;
			}
			WrittenValue value = parse(environment, property, errors);
			if (value != null) {
				parsed.put(property, value);
			}
		}
		Set<SecretReference> references = new LinkedHashSet<>();
		parsed.values().forEach((value) -> references.addAll(value.references().values()));
		// References a previous pass resolved are not fetched again.
		Map<SecretReference, FetchResult> held = this.store.heldResults(references);
		Set<SecretReference> unknown = new LinkedHashSet<>(references);
		unknown.removeAll(held.keySet());
		return new Pass(parsed, errors, held, unknown);
	}

	/**
	 * Compose the planned values from what was fetched and report every error, or serve them.
	 */
	private Summary finish(ConfigurableEnvironment environment, Pass pass, Map<SecretReference, FetchResult> fetched) {
		List<ResolutionError> errors = new ArrayList<>(pass.errors());
		errors.addAll(fetchErrors(pass, fetched));
		if (!errors.isEmpty()) {
			throw new SecretResolutionException(errors);
		}
		this.store.add(pass.parsed(), fetched, this.clock.instant());
		PropertySourceWrapping.wrapAll(environment.getPropertySources(), this.store.served());
		this.store.index(environment.getPropertySources());
		return new Summary(pass.parsed().size(), pass.unknown().size());
	}

	/**
	 * Return an error for each property and reference that could not be fetched: the planned
	 * values composed from what was held and fetched.
	 */
	private static List<ResolutionError> fetchErrors(Pass pass, Map<SecretReference, FetchResult> fetched) {
		Map<SecretReference, FetchResult> results = new HashMap<>(pass.held());
		results.putAll(fetched);
		List<ResolutionError> errors = new ArrayList<>();
		pass.parsed().forEach((property, value) -> value.compose(results::get).failures().forEach((failure) -> {
			FetchFailure cause = failure.getValue().failure();
			errors.add(new ResolutionError(property.name(), property.origin(), abbreviate(failure.getKey().text()),
					cause.errorCode(), cause.message(), cause.searched()));
		}));
		return errors;
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
		awaitBackgroundResolution();
		this.passLock.lock();
		try {
			return refreshPass(environment, selection);
		}
		finally {
			this.passLock.unlock();
		}
	}

	private RefreshResult refreshPass(ConfigurableEnvironment environment, Predicate<SecretReference> selection) {
		List<SecretReference> references = this.store.refreshable(selection);
		if (references.isEmpty()) {
			return new RefreshResult(0, Set.of(), List.of());
		}
		// Fetched without holding the store, so that state readers (health, metrics, the endpoint)
		// never wait for AWS.
		Map<SecretReference, FetchResult> results = this.refreshFetcher.fetch(references);
		ValueStore.Recorded recorded = this.store.record(results, this.clock.instant());
		if (!recorded.changedProperties().isEmpty()) {
			PropertySourceWrapping.replaceSystemEnvironment(environment.getPropertySources(), this.store.served());
		}
		return new RefreshResult(references.size(), recorded.changedProperties(), recorded.failed());
	}

	/**
	 * Return the references behind some properties: those written in their values, and those
	 * written in the values of the properties they use through {@code ${...}} placeholders,
	 * transitively. KMS references are left out: their values never change.
	 * @param propertyNames the property names, in any form Spring Boot accepts
	 * @return the references, in the order they were first resolved
	 */
	public Set<SecretReference> referencesBehind(Collection<String> propertyNames) {
		return this.store.referencesBehind(propertyNames);
	}

	/**
	 * Read properties as they would be if some of the references behind them were read at another
	 * version, for example the credentials a rotation has staged as {@code AWSPENDING}: only the
	 * other versions are fetched, nothing is recorded, and what the environment serves does not
	 * change. A reference whose other version cannot be fetched keeps the value served.
	 * @param environment the environment whose property sources hold the properties
	 * @param propertyNames the properties to read
	 * @param alternative gives, for each reference behind the properties, the reference to read
	 * instead, or the same reference to keep its value
	 * @return the value of each property that has one, or empty if no other version could be
	 * fetched
	 */
	public Optional<Map<String, String>> readWithAlternatives(ConfigurableEnvironment environment,
			Collection<String> propertyNames, UnaryOperator<SecretReference> alternative) {
		Map<SecretReference, SecretReference> alternatives = new LinkedHashMap<>();
		for (SecretReference reference : referencesBehind(propertyNames)) {
			SecretReference other = alternative.apply(reference);
			if (!other.equals(reference)) {
				alternatives.put(reference, other);
			}
		}
		if (alternatives.isEmpty()) {
			return Optional.empty();
		}
		Map<SecretReference, FetchResult> fetched = this.refreshFetcher
			.fetch(new LinkedHashSet<>(alternatives.values()));
		Map<SecretReference, FetchResult> substitutes = new HashMap<>();
		alternatives.forEach((reference, other) -> {
			FetchResult result = fetched.get(other);
			if (result != null && result.isSuccess()) {
				substitutes.put(reference, result);
			}
		});
		if (substitutes.isEmpty()) {
			return Optional.empty();
		}
		Map<String, String> resolvedByWritten = this.store.composeWith(substitutes);
		// Read without Spring Boot's adapter, which keeps its own copy of system environment values.
		MutablePropertySources sources = new MutablePropertySources();
		environment.getPropertySources()
			.stream()
			.filter((source) -> !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source))
			.forEach(sources::addLast);
		PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(sources);
		return Optional.of(this.store.served().readWith(resolvedByWritten, () -> {
			Map<String, String> values = new LinkedHashMap<>();
			for (String name : propertyNames) {
				String value = resolver.getProperty(name);
				if (value != null) {
					values.put(name, value);
				}
			}
			return values;
		}));
	}

	/**
	 * Return the states of the references, for reporting and scheduling.
	 * @return the read model
	 */
	public ReferenceStates states() {
		return this.store;
	}

	/**
	 * Return the resolved values, for consistent reads.
	 * @return the resolved values
	 */
	public ResolvedValues resolvedValues() {
		return this.store.served();
	}

	/**
	 * Return the given properties and every property composed from them through placeholders,
	 * transitively: what a change of the given properties reaches.
	 * @param properties property names, in canonical form
	 * @return the names of the properties reached, in canonical form
	 */
	public Set<String> reachedBy(Collection<String> properties) {
		return this.store.reachedBy(properties);
	}

	/**
	 * Return which property values come from AWS, for masking.
	 * @return the secret properties
	 */
	public SecretProperties secretProperties() {
		return this.store;
	}

	/**
	 * Return a bean expression resolver that keeps SpEL from evaluating content fetched from AWS.
	 * @param delegate the resolver to guard
	 * @return the guarding resolver, or {@code delegate} if it already is one
	 */
	public BeanExpressionResolver guard(BeanExpressionResolver delegate) {
		return (delegate instanceof ExpressionGuard) ? delegate : new ExpressionGuard(delegate, this.store.served());
	}

	private @Nullable WrittenValue parse(ConfigurableEnvironment environment, ReferencedProperty property,
			List<ResolutionError> errors) {
		PlaceholderTemplate template;
		try {
			template = PlaceholderTemplate.parse(ReferenceScanner.scan(property.written()),
					(key) -> environment.containsProperty(environment.resolvePlaceholders(key)));
		}
		catch (InvalidReferenceException ex) {
			errors.add(error(property, property.written(), "InvalidReference", ex.getMessage()));
			return null;
		}
		Map<EmbeddedReference, SecretReference> references = new LinkedHashMap<>();
		Map<EmbeddedReference, String> defaults = new HashMap<>();
		boolean valid = true;
		for (EmbeddedReference embedded : template.liveReferences()) {
			try {
				references.put(embedded, ReferenceParser.parse(environment.resolveRequiredPlaceholders(embedded.body())));
				if (embedded.defaultValue() != null) {
					defaults.put(embedded, environment.resolveRequiredPlaceholders(embedded.defaultValue()));
				}
			}
			catch (InvalidReferenceException ex) {
				errors.add(error(property, embedded.text(), "InvalidReference", ex.getMessage()));
				valid = false;
			}
			catch (IllegalArgumentException ex) {
				errors.add(error(property, embedded.text(), "UnresolvablePlaceholder", ex.getMessage()));
				valid = false;
			}
		}
		return valid ? new WrittenValue(property.written(), template, references, defaults) : null;
	}

	private static ResolutionError error(ReferencedProperty property, String reference, String code, String message) {
		return new ResolutionError(property.name(), property.origin(), abbreviate(reference), code, message);
	}

	private static String abbreviate(String reference) {
		return ReferenceSyntax.abbreviate(reference);
	}

	@Override
	public String toString() {
		return "ReferenceResolver[" + this.store + "]";
	}

	/**
	 * One resolution pass, planned: the properties to resolve and what is to be fetched for them.
	 *
	 * @param parsed the written value of each property
	 * @param errors errors found while planning
	 * @param held the results of references resolved by an earlier pass
	 * @param unknown the references to fetch
	 */
	private record Pass(Map<ReferencedProperty, WrittenValue> parsed, List<ResolutionError> errors,
			Map<SecretReference, FetchResult> held, Set<SecretReference> unknown) {

		Set<String> writtenValues() {
			Set<String> written = new HashSet<>();
			this.parsed.values().forEach((value) -> written.add(value.written()));
			return written;
		}

	}

	/**
	 * What one {@link #resolve} call did.
	 *
	 * @param properties the number of property values resolved
	 * @param references the number of distinct references fetched
	 */
	public record Summary(int properties, int references) {

		/** A resolution that found no reference. */
		public static final Summary NONE = new Summary(0, 0);

	}

}
