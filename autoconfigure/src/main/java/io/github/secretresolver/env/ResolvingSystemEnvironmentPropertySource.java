package io.github.secretresolver.env;

import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Wraps the system environment property source. It stays a {@link SystemEnvironmentPropertySource}
 * so that Spring Boot keeps mapping {@code SPRING_DATASOURCE_PASSWORD} to
 * {@code spring.datasource.password}; because Boot reads such sources through
 * {@link #getSource()}, the map it returns resolves references too.
 * <p>
 * Boot's adapter keeps a copy of a system environment map, refreshed only when the variable names
 * change; so this source must be replaced (not only its {@link ServedValues} updated) when
 * resolved values change. Created while values are fetched in the background, Boot's copy (made at
 * the first read through the adapter) waits for them.
 *
 * @author Secret Resolver contributors
 */
class ResolvingSystemEnvironmentPropertySource extends SystemEnvironmentPropertySource
		implements ResolvingSource {

	private final SystemEnvironmentPropertySource delegate;

	ResolvingSystemEnvironmentPropertySource(SystemEnvironmentPropertySource delegate,
			ServedValues served) {
		super(delegate.getName(), new ResolvingMap(delegate.getSource(), served));
		this.delegate = delegate;
	}

	@Override
	public PropertySource<?> getDelegate() {
		return this.delegate;
	}

}
