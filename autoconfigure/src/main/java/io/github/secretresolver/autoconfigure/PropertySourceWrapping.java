package io.github.secretresolver.autoconfigure;

import java.util.Optional;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Replaces property sources with wrappers that serve resolved values, in place, so precedence
 * and names stay exactly as they were. Sources that cannot list their names are left alone: their
 * values cannot be planned, so references in them are not supported.
 *
 * @author Secret Resolver contributors
 */
final class PropertySourceWrapping {

	private PropertySourceWrapping() {
	}

	static void wrapAll(MutablePropertySources sources, ResolvedValues resolvedValues) {
		for (PropertySource<?> source : sources) {
			wrap(source, resolvedValues).ifPresent((wrapped) -> sources.replace(source.getName(), wrapped));
		}
	}

	private static Optional<PropertySource<?>> wrap(PropertySource<?> source, ResolvedValues resolvedValues) {
		if (source instanceof ResolvingSource || ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
			return Optional.empty();
		}
		if (source instanceof SystemEnvironmentPropertySource environment) {
			return Optional.of(new ResolvingSystemEnvironmentPropertySource(environment, resolvedValues));
		}
		if (source instanceof EnumerablePropertySource<?> enumerable) {
			return Optional.of(new ResolvingPropertySource(enumerable, resolvedValues));
		}
		return Optional.empty();
	}

}
