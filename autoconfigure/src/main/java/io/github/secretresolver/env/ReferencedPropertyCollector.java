package io.github.secretresolver.env;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.secretresolver.reference.ReferenceSyntax;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Finds the properties whose effective value contains references. A property is effective in the
 * highest-precedence source that defines it, under Spring Boot's relaxed names (so
 * {@code SPRING_DATASOURCE_PASSWORD} shadows {@code spring.datasource.password}); references in
 * shadowed values are never collected, so they are never fetched. Properties the JVM sets
 * ({@code java.*}, {@code jdk.*}, {@code sun.*}) are not configuration and are skipped:
 * {@code sun.java.command}, for example, repeats the command-line arguments.
 *
 * @author Secret Resolver contributors
 */
final class ReferencedPropertyCollector {

	private static final Set<String> JVM_ROOTS = Set.of("java", "jdk", "sun");

	private ReferencedPropertyCollector() {
	}

	static List<ReferencedProperty> collect(PropertySources propertySources) {
		List<ReferencedProperty> referenced = new ArrayList<>();
		Set<ConfigurationPropertyName> seen = new HashSet<>();
		for (PropertySource<?> source : propertySources) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			PropertySource<?> written = (source instanceof ResolvingSource resolving) ? resolving.getDelegate() : source;
			if (ConfigurationPropertySource.from(written) instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter(seen::add)
					.filter((name) -> !isSetByJvm(name))
					.map(iterable::getConfigurationProperty)
					.filter((property) -> property != null && property.getValue() instanceof CharSequence text
							&& ReferenceSyntax.containsReference(text))
					.forEach((property) -> referenced.add(referencedProperty(property)));
			}
		}
		return referenced;
	}

	/**
	 * Return whether any value of the property sources contains a reference, reading the values
	 * as written, without mapping their names to configuration property names: a quick answer for
	 * the many applications that have none. It may answer {@code true} where {@link #collect}
	 * finds nothing (a shadowed value, a property the JVM sets), never the reverse.
	 * @param propertySources the property sources
	 * @return whether a value contains a reference
	 */
	static boolean anyReferenceWritten(PropertySources propertySources) {
		for (PropertySource<?> source : propertySources) {
			PropertySource<?> written = (source instanceof ResolvingSource resolving) ? resolving.getDelegate() : source;
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					&& written instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (enumerable.getProperty(name) instanceof CharSequence text
							&& ReferenceSyntax.containsReference(text)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean isSetByJvm(ConfigurationPropertyName name) {
		return name.getNumberOfElements() > 1 && JVM_ROOTS.contains(name.getElement(0, ConfigurationPropertyName.Form.DASHED));
	}

	private static ReferencedProperty referencedProperty(ConfigurationProperty property) {
		String origin = (property.getOrigin() != null) ? property.getOrigin().toString() : null;
		return new ReferencedProperty(property.getName().toString(), origin, property.getValue().toString());
	}

}
