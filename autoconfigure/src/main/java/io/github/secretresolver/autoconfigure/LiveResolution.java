package io.github.secretresolver.autoconfigure;

import io.github.secretresolver.env.ReferenceResolver;

/**
 * The resolution of a running application, registered in its bootstrap context. Spring Cloud's
 * {@code ContextRefresher} runs the environment post-processors again, on a copy of the
 * environment and with the same bootstrap context: finding this there tells the post-processor to
 * serve the copy from the live resolution (its clients, values and masking) instead of building
 * new clients and resolving everything again.
 *
 * @author Secret Resolver contributors
 */
final class LiveResolution {

	private final ReferenceResolver resolver;

	private volatile boolean running;

	LiveResolution(ReferenceResolver resolver) {
		this.resolver = resolver;
	}

	ReferenceResolver resolver() {
		return this.resolver;
	}

	/**
	 * Mark the application as started: from now on the post-processors run for a refresh.
	 */
	void running() {
		this.running = true;
	}

	boolean isRunning() {
		return this.running;
	}

}
