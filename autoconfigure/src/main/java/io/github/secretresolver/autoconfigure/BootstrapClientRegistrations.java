package io.github.secretresolver.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.bootstrap.BootstrapContext;

/**
 * The {@link ClientRegistrations} of the application's bootstrap context, read once, on first
 * use (reading them loads AWS SDK classes, which an application without references never needs).
 * A bean of the application context too, so that the clients created after startup (for rotation
 * events) honour the same registrations as the clients that resolve references.
 *
 * @author Secret Resolver contributors
 */
final class BootstrapClientRegistrations implements Supplier<ClientRegistrations> {

	static final String BEAN_NAME = "secretResolverClientRegistrations";

	private final BootstrapContext context;

	private @Nullable ClientRegistrations registrations;

	BootstrapClientRegistrations(BootstrapContext context) {
		this.context = context;
	}

	@Override
	public synchronized ClientRegistrations get() {
		if (this.registrations == null) {
			this.registrations = ClientRegistrations.from(this.context);
		}
		return this.registrations;
	}

	/**
	 * Return the registrations of the application, or none if the starter's post-processor did not
	 * run (an application context built without {@code SpringApplication}).
	 * @param provider the bean, if any
	 * @return the registrations
	 */
	static ClientRegistrations of(ObjectProvider<BootstrapClientRegistrations> provider) {
		BootstrapClientRegistrations registrations = provider.getIfAvailable();
		return (registrations != null) ? registrations.get() : ClientRegistrations.NONE;
	}

	@Override
	public String toString() {
		return "BootstrapClientRegistrations";
	}

}
