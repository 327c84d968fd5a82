package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Wraps a {@link MapPropertySource} (configuration files, {@code @TestPropertySource}, default
 * properties, ...). It stays a {@link MapPropertySource}, because Spring and Spring Boot code finds
 * some of these sources by name and casts them, and serves resolved values through its map.
 *
 * @author Secret Resolver contributors
 */
class ResolvingMapPropertySource extends MapPropertySource
		implements ResolvingSource {

	private final MapPropertySource delegate;

	private final ResolvedValues resolvedValues;

	ResolvingMapPropertySource(MapPropertySource delegate, ResolvedValues resolvedValues) {
		super(delegate.getName(), new ResolvingMap(delegate.getSource(), resolvedValues));
		this.delegate = delegate;
		this.resolvedValues = resolvedValues;
	}

	/**
	 * Read through the wrapped source, which may compute its values (origin-tracked values,
	 * {@code @DynamicPropertySource} suppliers), then resolve.
	 */
	@Override
	public @Nullable Object getProperty(String name) {
		return this.resolvedValues.resolve(this.delegate.getProperty(name));
	}

	@Override
	public boolean containsProperty(String name) {
		return this.delegate.containsProperty(name);
	}

	@Override
	public String[] getPropertyNames() {
		return this.delegate.getPropertyNames();
	}

	@Override
	public PropertySource<?> getDelegate() {
		return this.delegate;
	}

}
