package io.github.secretresolver.autoconfigure;

import org.springframework.core.env.PropertySource;

/**
 * A property source that serves resolved values on behalf of the source it wraps.
 *
 * @author Secret Resolver contributors
 */
interface ResolvingSource {

	/**
	 * Return the wrapped source, which holds the values as written.
	 * @return the wrapped source
	 */
	PropertySource<?> getDelegate();

}
