package io.github.secretresolver.env;

import org.jspecify.annotations.Nullable;

/**
 * A property whose effective value contains references.
 *
 * @param name the property name in its canonical form, for example
 * {@code spring.datasource.password}
 * @param origin where the value was written (file and line, environment variable, ...), if known
 * @param written the value as written
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record ReferencedProperty(String name, @Nullable String origin, String written) {

	@Override
	public String toString() {
		return this.name + ((this.origin != null) ? " (" + this.origin + ")" : "");
	}

}
