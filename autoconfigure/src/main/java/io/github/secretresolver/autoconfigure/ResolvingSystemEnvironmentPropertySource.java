package io.github.secretresolver.autoconfigure;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

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

	/**
	 * Read-only view of the environment map that serves resolved values.
	 */
	private static final class ResolvingMap extends AbstractMap<String, Object> {

		private final Map<String, Object> written;

		private final ResolvedValues resolvedValues;

		ResolvingMap(Map<String, Object> written, ResolvedValues resolvedValues) {
			this.written = written;
			this.resolvedValues = resolvedValues;
		}

		@Override
		public @Nullable Object get(Object key) {
			return this.resolvedValues.resolve(this.written.get(key));
		}

		@Override
		public boolean containsKey(Object key) {
			return this.written.containsKey(key);
		}

		@Override
		public Set<String> keySet() {
			return this.written.keySet();
		}

		@Override
		public int size() {
			return this.written.size();
		}

		@Override
		public Set<Entry<String, Object>> entrySet() {
			return new java.util.AbstractSet<>() {

				@Override
				public java.util.Iterator<Entry<String, Object>> iterator() {
					var entries = ResolvingMap.this.written.entrySet().iterator();
					return new java.util.Iterator<>() {

						@Override
						public boolean hasNext() {
							return entries.hasNext();
						}

						@Override
						public Entry<String, Object> next() {
							Entry<String, Object> entry = entries.next();
							return new SimpleImmutableEntry<>(entry.getKey(),
									ResolvingMap.this.resolvedValues.resolve(entry.getValue()));
						}

					};
				}

				@Override
				public int size() {
					return ResolvingMap.this.written.size();
				}

			};
		}

		@Override
		public String toString() {
			return "ResolvingMap[" + this.written.size() + " entries]";
		}

	}

}
