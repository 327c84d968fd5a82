package io.github.secretresolver.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot applications the scenarios start in this JVM. */
final class Apps {

	private Apps() {
	}

	/** No auto-configuration: only environment post-processors and config data loaders run. */
	@SpringBootConfiguration
	static class PlainApp {

	}

	/** Full auto-configuration of the class path (the starter, Spring Cloud AWS, Spring Cloud Context). */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(BenchProperties.class)
	static class AutoApp {

	}

	/** Binds {@code bench.values.*}; counts how often it is (re)initialised or destroyed. */
	@ConfigurationProperties("bench")
	static class BenchProperties implements InitializingBean, DisposableBean {

		final AtomicInteger initialised = new AtomicInteger();

		final AtomicInteger destroyed = new AtomicInteger();

		private Map<String, String> values = new LinkedHashMap<>();

		public Map<String, String> getValues() {
			return this.values;
		}

		public void setValues(Map<String, String> values) {
			this.values = values;
		}

		@Override
		public void afterPropertiesSet() {
			this.initialised.incrementAndGet();
		}

		@Override
		public void destroy() {
			this.destroyed.incrementAndGet();
		}

	}

	/** Counts application events by simple class name. */
	static final class EventCounter implements ApplicationListener<ApplicationEvent> {

		final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			this.counts.computeIfAbsent(event.getClass().getSimpleName(), (k) -> new AtomicInteger()).incrementAndGet();
		}

		int count(String simpleName) {
			AtomicInteger count = this.counts.get(simpleName);
			return (count != null) ? count.get() : 0;
		}

	}

	/** The Spring Cloud AWS settings (used by both the starter and Spring Cloud AWS) for an endpoint. */
	static Map<String, String> awsProperties(URI endpoint) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.cloud.aws.endpoint", endpoint.toString());
		properties.put("spring.cloud.aws.region.static", "us-east-1");
		properties.put("spring.cloud.aws.credentials.access-key", "test");
		properties.put("spring.cloud.aws.credentials.secret-key", "test");
		return properties;
	}

	static ConfigurableApplicationContext run(Class<?> source, Map<String, String> properties,
			ApplicationListener<?>... listeners) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.addListeners(listeners);
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return application.run(arguments.toArray(String[]::new));
	}

}
