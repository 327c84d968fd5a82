package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.env.PropertySourceInfo;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
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
		implements OriginLookup<String>, PropertySourceInfo, ResolvingSource {

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
