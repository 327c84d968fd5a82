package io.github.secretresolver.autoconfigure;

import java.time.Clock;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.fetch.AwsFetcher;
import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnvironmentPostProcessor} that resolves {@code <<resolve:...>>} references right after
 * the configuration files are loaded, before any bean exists. The AWS clients and resolved values
 * it creates are handed to the application context as beans.
 *
 * @author Secret Resolver contributors
 */
class SecretResolverEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Runs right after {@link ConfigDataEnvironmentPostProcessor}, so that
	 * {@code application.yml} and imported files are loaded.
	 */
	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	static final String AWS_CLIENTS_BEAN_NAME = "secretResolverAwsClients";

	static final String RESOLVED_VALUES_BEAN_NAME = "secretResolverResolvedValues";

	static final String RESOLVER_BEAN_NAME = "secretResolverReferenceResolver";

	private final Log logger;

	private final ConfigurableBootstrapContext bootstrapContext;

	SecretResolverEnvironmentPostProcessor(DeferredLogFactory logFactory,
			ConfigurableBootstrapContext bootstrapContext) {
		this.logger = logFactory.getLog(SecretResolverEnvironmentPostProcessor.class);
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		SecretResolverProperties properties = binder.bind(SecretResolverProperties.PREFIX,
				SecretResolverProperties.class)
			.orElseGet(SecretResolverProperties::new);
		if (!properties.isEnabled()) {
			return;
		}
		AwsClients clients = new AwsClients(() -> new SpringCloudAwsClientFactory(SpringCloudAwsSettings.bind(
				Binder.get(environment)), ClientRegistrations.from(this.bootstrapContext), resilience(properties)));
		ReferenceResolver resolver = new ReferenceResolver(
				new AwsFetcher(clients, properties.getMaxConcurrency(), properties.getStartupTimeout()),
				Clock.systemUTC());
		long start = System.nanoTime();
		try {
			ReferenceResolver.Summary summary = resolver.resolve(environment);
			logSummary(summary, (System.nanoTime() - start) / 1_000_000);
		}
		catch (RuntimeException ex) {
			clients.close();
			throw ex;
		}
		this.bootstrapContext.addCloseListener((event) -> promote(event, clients, resolver));
	}

	static SpringCloudAwsClientFactory.ResilienceSettings resilience(SecretResolverProperties properties) {
		return new SpringCloudAwsClientFactory.ResilienceSettings(properties.getMaxAttempts(),
				properties.getAttemptTimeout(), properties.getStartupTimeout());
	}

	private void logSummary(ReferenceResolver.Summary summary, long millis) {
		if (summary.properties() > 0) {
			this.logger.info("Resolved " + summary.references() + " AWS reference(s) in " + summary.properties()
					+ " property value(s) in " + millis + " ms");
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("No AWS references found in the environment");
		}
	}

	/**
	 * Hand the resolution over to the application context. The AWS clients become a bean only if
	 * some were created: introspecting them as a bean would load AWS SDK classes in an application
	 * that never needed them. They are closed with the context either way.
	 */
	private static void promote(BootstrapContextClosedEvent event, AwsClients clients, ReferenceResolver resolver) {
		ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
		if (beanFactory.containsSingleton(RESOLVER_BEAN_NAME)) {
			return;
		}
		beanFactory.registerSingleton(RESOLVED_VALUES_BEAN_NAME, resolver.resolvedValues());
		beanFactory.registerSingleton(RESOLVER_BEAN_NAME, resolver);
		if (clients.size() > 0) {
			beanFactory.registerSingleton(AWS_CLIENTS_BEAN_NAME, clients);
		}
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(AWS_CLIENTS_BEAN_NAME, clients::close);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
