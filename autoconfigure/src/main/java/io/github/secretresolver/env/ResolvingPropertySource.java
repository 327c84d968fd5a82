package io.github.secretresolver.env;

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

	private final ServedValues served;

	ResolvingPropertySource(EnumerablePropertySource<?> delegate, ServedValues served) {
		super(delegate.getName(), delegate);
		this.served = served;
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return this.served.resolve(getSource().getProperty(name));
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
