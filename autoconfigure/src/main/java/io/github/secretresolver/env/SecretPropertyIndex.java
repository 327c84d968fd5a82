package io.github.secretresolver.env;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.ReferenceScanner;
import io.github.secretresolver.reference.ReferenceSyntax;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Which properties hold values from AWS, by origin: a property written with a reference, and every
 * property composed from one through {@code ${...}} placeholders, transitively
 * ({@code url: jdbc://${db.host}/x} where {@code db.host} holds a reference). A property whose
 * value merely equals a fetched value is not one. Also answers which properties a change reaches:
 * the changed ones and every property composed from them. Immutable; built from the property
 * sources at each resolution.
 *
 * @author Secret Resolver contributors
 */
final class SecretPropertyIndex {

	static final SecretPropertyIndex EMPTY = new SecretPropertyIndex(Map.of(), Set.of(), Set.of());

	private static final String PLACEHOLDER_PREFIX = "${";

	/**
	 * For each property (effective value) that uses placeholders, the properties it uses.
	 */
	private final Map<ConfigurationPropertyName, Set<ConfigurationPropertyName>> dependencies;

	private final Set<ConfigurationPropertyName> secretNames;

	/**
	 * The entries of property sources (source name, property name) whose value as written holds a
	 * reference or a placeholder of a secret property.
	 */
	private final Set<SourceEntry> secretEntries;

	private SecretPropertyIndex(Map<ConfigurationPropertyName, Set<ConfigurationPropertyName>> dependencies,
			Set<ConfigurationPropertyName> secretNames, Set<SourceEntry> secretEntries) {
		this.dependencies = dependencies;
		this.secretNames = secretNames;
		this.secretEntries = secretEntries;
	}

	/**
	 * Build the index of the property sources.
	 * @param sources the property sources
	 * @return the index
	 */
	static SecretPropertyIndex of(PropertySources sources) {
		Map<ConfigurationPropertyName, Set<ConfigurationPropertyName>> dependencies = new HashMap<>();
		Set<ConfigurationPropertyName> referenced = new HashSet<>();
		Set<ConfigurationPropertyName> seen = new HashSet<>();
		for (PropertySource<?> source : sources) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			if (ConfigurationPropertySource.from(written(source)) instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().filter(seen::add).forEach((name) -> {
					var property = iterable.getConfigurationProperty(name);
					if (property != null && property.getValue() instanceof CharSequence text) {
						String value = text.toString();
						if (ReferenceSyntax.containsReference(value)) {
							referenced.add(name);
						}
						Set<ConfigurationPropertyName> uses = placeholderNames(value);
						if (!uses.isEmpty()) {
							dependencies.put(name, uses);
						}
					}
				});
			}
		}
		Set<ConfigurationPropertyName> secretNames = closure(referenced, dependencies);
		Set<SourceEntry> secretEntries = new HashSet<>();
		for (PropertySource<?> source : sources) {
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					&& written(source) instanceof EnumerablePropertySource<?> enumerable) {
				for (String key : enumerable.getPropertyNames()) {
					if (enumerable.getProperty(key) instanceof CharSequence text
							&& revealsSecret(text.toString(), secretNames)) {
						secretEntries.add(new SourceEntry(source.getName(), key));
					}
				}
			}
		}
		return new SecretPropertyIndex(Map.copyOf(dependencies), Set.copyOf(secretNames), Set.copyOf(secretEntries));
	}

	/**
	 * Return an index that holds what this one and another hold.
	 * @param other the other index
	 * @return the merged index
	 */
	SecretPropertyIndex merge(SecretPropertyIndex other) {
		if (this == EMPTY) {
			return other;
		}
		Map<ConfigurationPropertyName, Set<ConfigurationPropertyName>> dependencies = new HashMap<>(this.dependencies);
		other.dependencies.forEach((name, uses) -> dependencies.merge(name, uses, (first, second) -> {
			Set<ConfigurationPropertyName> all = new HashSet<>(first);
			all.addAll(second);
			return all;
		}));
		Set<ConfigurationPropertyName> secretNames = new HashSet<>(this.secretNames);
		secretNames.addAll(other.secretNames);
		Set<SourceEntry> secretEntries = new HashSet<>(this.secretEntries);
		secretEntries.addAll(other.secretEntries);
		return new SecretPropertyIndex(Map.copyOf(dependencies), Set.copyOf(closure(secretNames, dependencies)),
				Set.copyOf(secretEntries));
	}

	/**
	 * Return whether a value shown for a property comes from AWS: its entry is written with a
	 * reference or composed from a secret property, or the property (or one it belongs to, for
	 * list elements and nested properties) is a secret property. Names in any form Spring Boot
	 * accepts are recognised ({@code spring.datasource.password}, {@code SPRING_DATASOURCE_PASSWORD},
	 * {@code db.secretKey}, {@code hosts[0]}).
	 * @param source the property source, if known
	 * @param name the property name, as that source or the endpoint gives it
	 * @return whether the value must be masked
	 */
	boolean isSecret(@Nullable PropertySource<?> source, String name) {
		if (source != null && this.secretEntries.contains(new SourceEntry(source.getName(), name))) {
			return true;
		}
		for (ConfigurationPropertyName candidate = canonical(name); candidate != null
				&& !candidate.isEmpty(); candidate = candidate.getParent()) {
			if (this.secretNames.contains(candidate)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the given properties and every property composed from them through placeholders,
	 * transitively.
	 * @param changed the names of changed properties, in canonical form
	 * @return the names of every property the change reaches, in canonical form
	 */
	Set<String> reachedBy(Collection<String> changed) {
		Set<ConfigurationPropertyName> names = new HashSet<>();
		changed.forEach((name) -> {
			ConfigurationPropertyName canonical = canonical(name);
			if (canonical != null) {
				names.add(canonical);
			}
		});
		Set<String> reached = new HashSet<>(changed);
		closure(names, this.dependencies).forEach((name) -> reached.add(name.toString()));
		return reached;
	}

	private static Set<ConfigurationPropertyName> closure(Set<ConfigurationPropertyName> seeds,
			Map<ConfigurationPropertyName, Set<ConfigurationPropertyName>> dependencies) {
		Map<ConfigurationPropertyName, Set<ConfigurationPropertyName>> dependents = new HashMap<>();
		dependencies.forEach((property, uses) -> uses
			.forEach((used) -> dependents.computeIfAbsent(used, (key) -> new HashSet<>()).add(property)));
		Set<ConfigurationPropertyName> reached = new HashSet<>(seeds);
		Deque<ConfigurationPropertyName> pending = new ArrayDeque<>(seeds);
		while (!pending.isEmpty()) {
			for (ConfigurationPropertyName dependent : dependents.getOrDefault(pending.pop(), Set.of())) {
				if (reached.add(dependent)) {
					pending.push(dependent);
				}
			}
		}
		return reached;
	}

	private static boolean revealsSecret(String written, Set<ConfigurationPropertyName> secretNames) {
		return ReferenceSyntax.containsReference(written)
				|| placeholderNames(written).stream().anyMatch(secretNames::contains);
	}

	/**
	 * Return the properties a value uses through placeholders.
	 */
	private static Set<ConfigurationPropertyName> placeholderNames(String value) {
		if (!value.contains(PLACEHOLDER_PREFIX)) {
			return Set.of();
		}
		Set<String> keys;
		try {
			keys = PlaceholderTemplate.parse(ReferenceScanner.scan(value), (key) -> false).placeholderKeys();
		}
		catch (InvalidReferenceException ex) {
			// reported by the resolution; such a value holds a reference and is secret anyway
			return Set.of();
		}
		Set<ConfigurationPropertyName> names = new HashSet<>();
		keys.forEach((key) -> {
			ConfigurationPropertyName name = canonical(key);
			if (name != null) {
				names.add(name);
			}
		});
		return names;
	}

	/**
	 * Return a property name in canonical form, whether written as in configuration files, as an
	 * environment variable, or in camel case, or {@code null} if it cannot be a property name.
	 */
	static @Nullable ConfigurationPropertyName canonical(String name) {
		if (ConfigurationPropertyName.isValid(name)) {
			return ConfigurationPropertyName.of(name);
		}
		boolean environmentVariable = name.chars().noneMatch(Character::isLowerCase) && name.indexOf('.') == -1;
		String adaptable = environmentVariable ? name.toLowerCase(Locale.ROOT).replace('_', '.') : name;
		ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(adaptable, '.');
		return adapted.isEmpty() ? null : adapted;
	}

	private static PropertySource<?> written(PropertySource<?> source) {
		return (source instanceof ResolvingSource resolving) ? resolving.getDelegate() : source;
	}

	@Override
	public String toString() {
		return "SecretPropertyIndex[" + this.secretNames.size() + " secret properties]";
	}

	private record SourceEntry(String source, String property) {
	}

}
