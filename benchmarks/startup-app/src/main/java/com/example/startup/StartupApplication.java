package com.example.startup;

import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small Spring Boot application (no web) that reads its configuration into a
 * {@link BenchValues @ConfigurationProperties} bean: what the benchmarks start in a separate JVM,
 * with and without the starter on the class path. It lives outside {@code io.github.secretresolver}
 * so that classes counted under the starter's package are the starter's only.
 * <p>
 * At {@code ApplicationReadyEvent} it records its startup time, memory and loaded classes
 * ({@link StartupProbe}), then writes the bound values and exits. System properties:
 * {@code probe.result} (where to write the measurements, required), {@code probe.values} (where to
 * write the bound values), {@code probe.classGroups} ({@code label=prefix|prefix;...}),
 * {@code probe.profile} (also write the startup steps, the loaded class names and the native
 * memory summary next to the result).
 *
 * @author Secret Resolver contributors
 */
@SpringBootApplication
@EnableConfigurationProperties(BenchValues.class)
public class StartupApplication {

	public static void main(String[] args) {
		StartupProbe probe = new StartupProbe(Path.of(System.getProperty("probe.result")));
		SpringApplication application = new SpringApplication(StartupApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		BufferingApplicationStartup steps = null;
		if (Boolean.getBoolean("probe.profile")) {
			steps = new BufferingApplicationStartup(100_000);
			application.setApplicationStartup(steps);
		}
		application.addListeners(probe);
		try (ConfigurableApplicationContext context = application.run(args)) {
			probe.finish(context.getBean(BenchValues.class).getValues(), steps);
		}
		catch (Throwable ex) {
			probe.failed(ex);
			System.exit(1);
		}
		System.exit(0);
	}

}
