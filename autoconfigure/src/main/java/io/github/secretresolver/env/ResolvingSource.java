package io.github.secretresolver.env;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.env.PropertySourceInfo;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.PropertySource;

/**
 * A property source that serves resolved values on behalf of the source it wraps, and answers
 * for origins, immutability and prefix exactly as the wrapped source does.
 *
 * @author Secret Resolver contributors
 */
interface ResolvingSource extends OriginLookup<String>, PropertySourceInfo {

	/**
	 * Return the wrapped source, which holds the values as written.
	 * @return the wrapped source
	 */
	PropertySource<?> getDelegate();

	@Override
	@SuppressWarnings("unchecked")
	default @Nullable Origin getOrigin(String key) {
		return (getDelegate() instanceof OriginLookup<?> lookup) ? ((OriginLookup<String>) lookup).getOrigin(key)
				: null;
	}

	@Override
	default boolean isImmutable() {
		return (getDelegate() instanceof PropertySourceInfo info) && info.isImmutable();
	}

	@Override
	default @Nullable String getPrefix() {
		return (getDelegate() instanceof PropertySourceInfo info) ? info.getPrefix() : null;
	}

}
