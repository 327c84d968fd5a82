package io.github.secretresolver.autoconfigure;

import java.util.List;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.reference.ReferenceSyntax;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnvironmentPostProcessor} that refuses references in the properties Spring Boot reads
 * while it loads the configuration files ({@code spring.profiles.*}, {@code spring.config.*}),
 * written in environment variables, system properties, command-line arguments or
 * {@code SPRING_APPLICATION_JSON}: they are read before any reference can be resolved, and Spring
 * Boot would otherwise fail with an error that does not say why. Runs right before the
 * configuration files are loaded; references written in those files are reported by
 * {@link ReferenceReadEarlyFailureAnalyzer}.
 *
 * @author Secret Resolver contributors
 */
class ConfigDataReferencesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER - 1;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ReferenceResolver.holdsReferences(environment)) {
			return;
		}
		List<ResolutionError> errors = ReferenceResolver.referencedProperties(environment)
			.stream()
			.filter((property) -> PropertiesReadBeforeResolution.isReadByConfigData(property.name()))
			.map((property) -> new ResolutionError(property.name(), property.origin(),
					ReferenceSyntax.referencesIn(property.written()),
					"ReadBeforeResolution", "Spring Boot reads '" + property.name()
							+ "' while it loads the configuration files, before references are resolved"))
			.toList();
		if (!errors.isEmpty()) {
			throw new SecretResolutionException(errors);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
