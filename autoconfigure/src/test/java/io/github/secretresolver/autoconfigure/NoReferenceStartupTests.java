package io.github.secretresolver.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts an application that has the starter but no reference and no AWS setting at all, as on a
 * laptop or in a unit test, in a class loader of its own whose class path is the test class path
 * without Spring Cloud AWS (the starter does not bring it), and checks that it starts, loads no AWS
 * SDK class (so creates no client and asks no provider chain for credentials or a Region) and opens
 * no connection.
 */
class NoReferenceStartupTests {

	private final List<URI> connections = new ArrayList<>();

	private ProxySelector previousProxySelector;

	@BeforeEach
	void recordConnections() {
		this.previousProxySelector = ProxySelector.getDefault();
		ProxySelector.setDefault(new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				NoReferenceStartupTests.this.connections.add(uri);
				return List.of(Proxy.NO_PROXY);
			}

			@Override
			public void connectFailed(URI uri, SocketAddress address, IOException ex) {
			}

		});
	}

	@AfterEach
	void restoreProxySelector() {
		ProxySelector.setDefault(this.previousProxySelector);
	}

	@Test
	void applicationWithoutReferencesStartsWithoutLoadingTheAwsSdk() throws Exception {
		Set<String> loaded = runIsolated("--spring.main.web-application-type=none");
		assertThat(loaded).filteredOn((name) -> name.startsWith("software.amazon.awssdk")).isEmpty();
		// no circuit breaker created for nothing to refresh (only the types in SecretRefresher's
		// method signatures are loaded, by reflection)
		assertThat(loaded).filteredOn((name) -> name.startsWith("io.github.resilience4j"))
			.isSubsetOf("io.github.resilience4j.circuitbreaker.CircuitBreaker",
					"io.github.resilience4j.circuitbreaker.CircuitBreaker$State");
		assertThat(loaded).filteredOn((name) -> name.startsWith("io.github.secretresolver")).isNotEmpty();
		assertThat(this.connections).isEmpty();
	}

	@Test
	void disabledStarterLoadsNoAwsSdkClass() throws Exception {
		Set<String> loaded = runIsolated("--spring.main.web-application-type=none", "--secret-resolver.enabled=false");
		assertThat(loaded).filteredOn((name) -> name.startsWith("software.amazon.awssdk")).isEmpty();
		assertThat(this.connections).isEmpty();
	}

	@Test
	void invalidSettingIsReportedAtStartupWithoutReferences() {
		// without references the post-processor leaves the starter's settings to the
		// configuration properties bean: a wrong one still fails the start, naming it
		SpringApplication application = new SpringApplication(NoReferenceApplication.class);
		assertThatThrownBy(() -> application.run("--spring.main.web-application-type=none",
				"--spring.cloud.aws.region.static=eu-west-1", "--secret-resolver.max-concurrency=many"))
			.hasStackTraceContaining("Could not bind properties to 'SecretResolverProperties'")
			.rootCause()
			.hasMessageContaining("many");
		assertThat(this.connections).isEmpty();
	}

	/**
	 * Run {@link NoReferenceApplication} in a class loader of its own and return the names of the
	 * classes it loaded.
	 */
	private static Set<String> runIsolated(String... args) throws Exception {
		try (RecordingClassLoader loader = new RecordingClassLoader(classPathWithoutSpringCloudAws())) {
			ClassLoader previous = Thread.currentThread().getContextClassLoader();
			Thread.currentThread().setContextClassLoader(loader);
			try {
				Class<?> application = loader.loadClass(SpringApplication.class.getName());
				Method run = application.getMethod("run", Class.class, String[].class);
				Object context = run.invoke(null, loader.loadClass(NoReferenceApplication.class.getName()),
						(Object) args);
				assertThat(context.getClass().getClassLoader()).isSameAs(loader);
				((AutoCloseable) context).close();
			}
			finally {
				Thread.currentThread().setContextClassLoader(previous);
			}
			return loader.loaded;
		}
	}

	private static URL[] classPathWithoutSpringCloudAws() throws MalformedURLException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.isBlank() && !entry.contains("spring-cloud-aws") && !entry.contains("awspring")) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

	/**
	 * Loads every class of the class path itself (only the JDK's come from the platform class
	 * loader) and records their names.
	 */
	private static final class RecordingClassLoader extends URLClassLoader {

		private final Set<String> loaded = ConcurrentHashMap.newKeySet();

		RecordingClassLoader(URL[] urls) {
			super("isolated", urls, ClassLoader.getPlatformClassLoader());
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			Class<?> found = super.findClass(name);
			this.loaded.add(name);
			return found;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NoReferenceApplication {

	}

}
