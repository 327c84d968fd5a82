package io.github.secretresolver.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.autoconfigure.SecretResolverProperties.WhenDisabled;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.env.ReferencedProperty;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.fetch.AwsFetcher;
import io.github.secretresolver.fetch.Budget;
import io.github.secretresolver.fetch.FailoverPolicy;
import io.github.secretresolver.fetch.Fetcher;
import io.github.secretresolver.fetch.LocalFileFetcher;
import io.github.secretresolver.fetch.WireLogging;
import io.github.secretresolver.reference.ReferenceSyntax;
import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.function.SingletonSupplier;

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

	/**
	 * System property Spring Boot sets while it processes an application ahead of time, at build
	 * time ({@code AbstractAotProcessor.AOT_PROCESSING}).
	 */
	static final String AOT_PROCESSING = "spring.aot.processing";

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
		LiveResolution live = this.bootstrapContext.isRegistered(LiveResolution.class)
				? this.bootstrapContext.get(LiveResolution.class) : null;
		if (live != null && live.isRunning()) {
			// Spring Cloud's refresh runs the post-processors again, on a copy of the environment,
			// with the application's bootstrap context: serve the copy from the live resolution
			live.resolver().resolve(environment);
			return;
		}
		boolean holdsReferences = ReferenceResolver.holdsReferences(environment);
		Supplier<SecretResolverProperties> settings = settings(environment, holdsReferences);
		Binder binder = Binder.get(environment);
		if (!binder.bind(SecretResolverProperties.PREFIX + ".enabled", Boolean.class).orElse(true)) {
			if (holdsReferences) {
				checkDisabled(environment, settings.get().getWhenDisabled());
			}
			return;
		}
		BootstrapClientRegistrations registrations = new BootstrapClientRegistrations(this.bootstrapContext);
		AwsClients clients = new AwsClients(() -> new SpringCloudAwsClientFactory(SpringCloudAwsSettings.bind(
				Binder.get(environment)), registrations.get(), resilience(settings.get())));
		String localFile = binder.bind(SecretResolverProperties.PREFIX + ".local-file", String.class).orElse(null);
		ReferenceResolver resolver = (localFile != null) ? localResolver(localFile, application)
				: awsResolver(clients, settings);
		if (isAotProcessing()) {
			// Build-time AOT processing: never call AWS while building, but hand the (empty)
			// resolution over, so that the beans that use it are part of the generated code.
			this.bootstrapContext.addCloseListener((event) -> promote(event, clients, registrations, resolver));
			return;
		}
		long start = System.nanoTime();
		CompletableFuture<ReferenceResolver.Summary> resolved;
		try {
			resolved = (localFile != null) ? CompletableFuture.completedFuture(resolver.resolve(environment))
					: resolver.resolveInBackground(environment, new StartupThread(clients));
		}
		catch (RuntimeException ex) {
			clients.close();
			throw ex;
		}
		if (resolved.isDone()) {
			logSummary(resolved.join(), (System.nanoTime() - start) / 1_000_000);
		}
		else {
			resolved.whenComplete((summary, failure) -> {
				if (failure != null) {
					clients.close();
				}
				else {
					logSummary(summary, (System.nanoTime() - start) / 1_000_000);
				}
			});
		}
		LiveResolution resolution = new LiveResolution(resolver);
		this.bootstrapContext.registerIfAbsent(LiveResolution.class, BootstrapRegistry.InstanceSupplier.of(resolution));
		this.bootstrapContext.addCloseListener((event) -> {
			promote(event, clients, registrations, resolver);
			resolution.running();
		});
	}

	/**
	 * Return the starter's settings as the property sources hold them now, once the configuration
	 * files are loaded: bound now if the environment holds references (a reference in a setting is
	 * reported with the others), otherwise bound from these sources when a fetch first needs them,
	 * for a reference in a property source added later. Binding them is most of what the starter
	 * would otherwise add to the start of an application without references.
	 */
	private static Supplier<SecretResolverProperties> settings(ConfigurableEnvironment environment,
			boolean holdsReferences) {
		if (holdsReferences) {
			SecretResolverProperties properties = bind(Binder.get(environment));
			return () -> properties;
		}
		MutablePropertySources loaded = new MutablePropertySources();
		environment.getPropertySources()
			.stream()
			.filter((source) -> !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source))
			.forEach(loaded::addLast);
		return SingletonSupplier.of(() -> bind(new Binder(ConfigurationPropertySources.from(loaded),
				new PropertySourcesPlaceholdersResolver(loaded))));
	}

	private ReferenceResolver awsResolver(AwsClients clients, Supplier<SecretResolverProperties> settings) {
		Supplier<AwsFetcher> startupFetcher = SingletonSupplier.of(() -> {
			SecretResolverProperties properties = settings.get();
			return new AwsFetcher(clients, properties.getMaxConcurrency(),
					new Budget(properties.getStartupTimeout(), properties.getStartupMaxDuration()),
					failover(properties), this.logger);
		});
		return new ReferenceResolver(Fetcher.lazy(startupFetcher),
				Fetcher.lazy(() -> startupFetcher.get()
					.withBudget(Budget.of(settings.get().getRefresh().getTimeout()))),
				Clock.systemUTC(), new PropertiesReadBeforeResolution());
	}

	/**
	 * Read every value from a local file: no AWS client, and a line that says so loudly.
	 */
	private ReferenceResolver localResolver(String location, SpringApplication application) {
		ResourceLoader resourceLoader = (application.getResourceLoader() != null) ? application.getResourceLoader()
				: new DefaultResourceLoader();
		Resource file = resourceLoader.getResource(location);
		this.logger.warn("secret-resolver.local-file is set: every <<resolve:...>> value comes from "
				+ file.getDescription() + ", not from AWS");
		Fetcher fetcher = new LocalFileFetcher(file);
		return new ReferenceResolver(fetcher, fetcher, Clock.systemUTC(), new PropertiesReadBeforeResolution());
	}

	/**
	 * Return whether Spring Boot is processing the application ahead of time, at build time.
	 * @return whether this is build-time AOT processing
	 */
	static boolean isAotProcessing() {
		return Boolean.getBoolean(AOT_PROCESSING);
	}

	/**
	 * Bind the starter's own properties; a reference in one of them cannot be resolved (they are
	 * needed to resolve), which is reported as such rather than as a conversion error.
	 */
	private static SecretResolverProperties bind(Binder binder) {
		try {
			return binder.bind(SecretResolverProperties.PREFIX, SecretResolverProperties.class)
				.orElseGet(SecretResolverProperties::new);
		}
		catch (BindException ex) {
			ConfigurationProperty property = ex.getProperty();
			if (property != null && property.getValue() instanceof CharSequence value
					&& ReferenceSyntax.containsReference(value)) {
				throw new SecretResolutionException(List.of(new ResolutionError(property.getName().toString(),
						(property.getOrigin() != null) ? property.getOrigin().toString() : null,
						ReferenceSyntax.referencesIn(value),
						"ReadBeforeResolution", "'" + property.getName()
								+ "' is read before references are resolved, so a reference cannot give it its value")));
			}
			throw ex;
		}
	}

	/**
	 * With resolution disabled, a reference would reach the application as text (a database
	 * password of {@code <<resolve:...>>}): fail, naming the properties, unless the application
	 * asked for the text.
	 */
	private void checkDisabled(ConfigurableEnvironment environment, WhenDisabled whenDisabled) {
		List<ReferencedProperty> referenced = ReferenceResolver.referencedProperties(environment);
		if (referenced.isEmpty()) {
			return;
		}
		if (whenDisabled == WhenDisabled.PASS_THROUGH) {
			this.logger.warn("secret-resolver.enabled=false: these properties keep their <<resolve:...>> text: "
					+ referenced.stream().map(ReferencedProperty::name).toList());
			return;
		}
		throw new SecretResolutionException(referenced.stream()
			.map((property) -> new ResolutionError(property.name(), property.origin(),
					ReferenceSyntax.referencesIn(property.written()), "ResolutionDisabled", "secret-resolver.enabled is false, so the reference would reach the "
							+ "application as text"))
			.toList());
	}

	static SpringCloudAwsClientFactory.ResilienceSettings resilience(SecretResolverProperties properties) {
		return new SpringCloudAwsClientFactory.ResilienceSettings(properties.getAttemptTimeout());
	}

	private static FailoverPolicy failover(SecretResolverProperties properties) {
		SecretResolverProperties.Failover failover = properties.getFailover();
		return failover.getRegions().isEmpty() ? FailoverPolicy.NONE
				: new FailoverPolicy(failover.getRegions(), failover.isParameterStore(), failover.getAfterFailures());
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
	private static void promote(BootstrapContextClosedEvent event, AwsClients clients,
			BootstrapClientRegistrations registrations, ReferenceResolver resolver) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory.containsSingleton(RESOLVER_BEAN_NAME)) {
			return;
		}
		beanFactory.registerSingleton(RESOLVED_VALUES_BEAN_NAME, resolver.resolvedValues());
		beanFactory.registerSingleton(RESOLVER_BEAN_NAME, resolver);
		beanFactory.registerSingleton(BootstrapClientRegistrations.BEAN_NAME, registrations);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(AWS_CLIENTS_BEAN_NAME, clients::close);
		}
		// The fetch may go on while the context is created and its configuration classes are
		// parsed (reads of its values wait); the application's beans wait for all of it. The
		// clients it created are known only then.
		context.addBeanFactoryPostProcessor(new AwaitResolution(resolver, clients));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Runs the startup fetch on a thread of its own. First, on the calling thread: a warning if
	 * something may print the AWS responses about to arrive, and the client settings and bootstrap
	 * registrations are read (the environment and the bootstrap context are not for other threads
	 * while the application starts).
	 */
	private final class StartupThread implements Executor {

		private final AwsClients clients;

		StartupThread(AwsClients clients) {
			this.clients = clients;
		}

		@Override
		public void execute(Runnable fetch) {
			List<String> printers = WireLogging.bodyPrinters();
			if (!printers.isEmpty()) {
				SecretResolverEnvironmentPostProcessor.this.logger.warn(WireLogging.warning(printers));
			}
			this.clients.prepare();
			CustomizableThreadFactory threads = new CustomizableThreadFactory("secret-resolver-startup-");
			threads.setDaemon(true);
			threads.newThread(fetch).start();
		}

	}

	/**
	 * Waits, before the application's beans are created, for a fetch that went on while the
	 * context was created and its configuration classes parsed (reads of its values wait too),
	 * then makes the AWS clients it created a bean.
	 */
	private static final class AwaitResolution implements BeanFactoryPostProcessor {

		private final ReferenceResolver resolver;

		private final AwsClients clients;

		AwaitResolution(ReferenceResolver resolver, AwsClients clients) {
			this.resolver = resolver;
			this.clients = clients;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			this.resolver.awaitBackgroundResolution();
			if (this.clients.size() > 0 && !beanFactory.containsSingleton(AWS_CLIENTS_BEAN_NAME)) {
				beanFactory.registerSingleton(AWS_CLIENTS_BEAN_NAME, this.clients);
			}
		}

	}

}
