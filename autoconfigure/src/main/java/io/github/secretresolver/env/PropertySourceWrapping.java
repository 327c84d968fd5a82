package io.github.secretresolver.env;

import java.util.Arrays;
import java.util.Optional;

import io.github.secretresolver.reference.ReferenceSyntax;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Replaces the property sources that hold references with wrappers that serve resolved values,
 * in place, so precedence, names and origins stay exactly as they were. Sources without
 * references are left untouched. A wrapper keeps the type Spring code relies on: a
 * {@link SystemEnvironmentPropertySource} or {@link MapPropertySource} stays one. Sources that
 * cannot list their names are left alone: their values cannot be planned, so references in them
 * are not supported.
 *
 * @author Secret Resolver contributors
 */
final class PropertySourceWrapping {

	private PropertySourceWrapping() {
	}

	static void wrapAll(MutablePropertySources sources, ServedValues served) {
		for (PropertySource<?> source : sources) {
			wrap(source, served).ifPresent((wrapped) -> sources.replace(source.getName(), wrapped));
		}
	}

	/**
	 * Replace the system environment wrapper with a new one, so that Spring Boot, which keeps a
	 * copy of a system environment map until the variable names change, reads the new values.
	 * @param sources the property sources
	 * @param served the resolved values
	 */
	static void replaceSystemEnvironment(MutablePropertySources sources, ServedValues served) {
		for (PropertySource<?> source : sources) {
			if (source instanceof ResolvingSystemEnvironmentPropertySource wrapper) {
				sources.replace(source.getName(), new ResolvingSystemEnvironmentPropertySource(
						(SystemEnvironmentPropertySource) wrapper.getDelegate(), served));
			}
		}
	}

	private static Optional<PropertySource<?>> wrap(PropertySource<?> source, ServedValues served) {
		if (source instanceof ResolvingSource || ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
				|| !(source instanceof EnumerablePropertySource<?> enumerable) || !holdsReference(enumerable)) {
			return Optional.empty();
		}
		if (source instanceof SystemEnvironmentPropertySource environment) {
			return Optional.of(new ResolvingSystemEnvironmentPropertySource(environment, served));
		}
		if (source instanceof MapPropertySource map) {
			return Optional.of(new ResolvingMapPropertySource(map, served));
		}
		return Optional.of(new ResolvingPropertySource(enumerable, served));
	}

	private static boolean holdsReference(EnumerablePropertySource<?> source) {
		return Arrays.stream(source.getPropertyNames())
			.map(source::getProperty)
			.anyMatch((value) -> value instanceof CharSequence text && ReferenceSyntax.containsReference(text));
	}

}
