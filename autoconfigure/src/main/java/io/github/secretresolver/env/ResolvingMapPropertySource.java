package io.github.secretresolver.env;

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

	private final ServedValues served;

	ResolvingMapPropertySource(MapPropertySource delegate, ServedValues served) {
		super(delegate.getName(), new ResolvingMap(delegate.getSource(), served));
		this.delegate = delegate;
		this.served = served;
	}

	/**
	 * Read through the wrapped source, which may compute its values (origin-tracked values,
	 * {@code @DynamicPropertySource} suppliers), then resolve.
	 */
	@Override
	public @Nullable Object getProperty(String name) {
		return this.served.resolve(this.delegate.getProperty(name));
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
