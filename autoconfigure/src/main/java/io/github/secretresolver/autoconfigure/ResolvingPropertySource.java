package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Wraps a property source, keeping its name, position, names and origins, and serves resolved
 * values in place of values that contain references.
 *
 * @author Secret Resolver contributors
 */
class ResolvingPropertySource extends EnumerablePropertySource<PropertySource<?>>
		implements ResolvingSource {

	private final ResolvedValues resolvedValues;

	ResolvingPropertySource(EnumerablePropertySource<?> delegate, ResolvedValues resolvedValues) {
		super(delegate.getName(), delegate);
		this.resolvedValues = resolvedValues;
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return this.resolvedValues.resolve(getSource().getProperty(name));
	}

	@Override
	public boolean containsProperty(String name) {
		return getSource().containsProperty(name);
	}

	@Override
	public String[] getPropertyNames() {
		return ((EnumerablePropertySource<?>) getSource()).getPropertyNames();
	}

	@Override
	public PropertySource<?> getDelegate() {
		return getSource();
	}

}
