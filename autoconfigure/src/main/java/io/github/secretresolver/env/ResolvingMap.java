package io.github.secretresolver.env;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * View of a property source's map that serves resolved values. Writes go to the underlying map,
 * so code that adds to a property source it finds by name keeps working.
 *
 * @author Secret Resolver contributors
 */
final class ResolvingMap extends AbstractMap<String, Object> {

	private final Map<String, Object> written;

	private final ServedValues served;

	ResolvingMap(Map<String, Object> written, ServedValues served) {
		this.written = written;
		this.served = served;
	}

	@Override
	public @Nullable Object get(Object key) {
		return this.served.resolve(this.written.get(key));
	}

	@Override
	public boolean containsKey(Object key) {
		return this.written.containsKey(key);
	}

	@Override
	public @Nullable Object put(String key, Object value) {
		return this.written.put(key, value);
	}

	@Override
	public @Nullable Object remove(Object key) {
		return this.written.remove(key);
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
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, Object>> iterator() {
				Iterator<Entry<String, Object>> entries = ResolvingMap.this.written.entrySet().iterator();
				return new Iterator<>() {

					@Override
					public boolean hasNext() {
						return entries.hasNext();
					}

					@Override
					public Entry<String, Object> next() {
						Entry<String, Object> entry = entries.next();
						return new SimpleImmutableEntry<>(entry.getKey(),
								ResolvingMap.this.served.resolve(entry.getValue()));
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
