package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.env.PropertySourceInfo;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Wraps the system environment property source. It stays a {@link SystemEnvironmentPropertySource}
 * so that Spring Boot keeps mapping {@code SPRING_DATASOURCE_PASSWORD} to
 * {@code spring.datasource.password}; because Boot reads such sources through
 * {@link #getSource()}, the map it returns resolves references too.
 * <p>
 * Boot's adapter keeps a copy of a system environment map, refreshed only when the variable names
 * change; so this source is created after values are resolved, and must be replaced (not only
 * its {@link ResolvedValues} updated) when resolved values change.
 *
 * @author Secret Resolver contributors
 */
class ResolvingSystemEnvironmentPropertySource extends SystemEnvironmentPropertySource
		implements OriginLookup<String>, PropertySourceInfo, ResolvingSource {

	private final SystemEnvironmentPropertySource delegate;

	ResolvingSystemEnvironmentPropertySource(SystemEnvironmentPropertySource delegate,
			ResolvedValues resolvedValues) {
		super(delegate.getName(), new ResolvingMap(delegate.getSource(), resolvedValues));
		this.delegate = delegate;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Origin getOrigin(String key) {
		return (this.delegate instanceof OriginLookup<?> lookup) ? ((OriginLookup<String>) lookup).getOrigin(key)
				: null;
	}

	@Override
	public boolean isImmutable() {
		return (this.delegate instanceof PropertySourceInfo info) && info.isImmutable();
	}

	@Override
	public @Nullable String getPrefix() {
		return (this.delegate instanceof PropertySourceInfo info) ? info.getPrefix() : null;
	}

	@Override
	public PropertySource<?> getDelegate() {
		return this.delegate;
	}

}
