package io.github.secretresolver;

import java.util.Set;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a refresh changed resolved values. Names the properties whose values changed,
 * never the values. By the time it is published the environment already serves the new values.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretsRefreshedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final Set<String> changedProperties;

	/**
	 * Create a new event.
	 * @param source the component that refreshed
	 * @param changedProperties the names of the properties whose values changed
	 */
	public SecretsRefreshedEvent(Object source, Set<String> changedProperties) {
		super(source);
		this.changedProperties = Set.copyOf(changedProperties);
	}

	/**
	 * Return the names of the properties whose values changed, in their canonical form (for
	 * example {@code spring.datasource.password}).
	 * @return the property names
	 */
	public Set<String> getChangedProperties() {
		return this.changedProperties;
	}

	@Override
	public String toString() {
		return "SecretsRefreshedEvent[changedProperties=" + this.changedProperties + "]";
	}

}
