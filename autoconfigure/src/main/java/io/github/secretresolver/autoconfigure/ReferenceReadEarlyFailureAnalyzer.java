package io.github.secretresolver.autoconfigure;

import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.reference.ReferenceSyntax;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a startup failure caused by a {@code <<resolve:...>>} reference in a property that
 * Spring Boot reads while it loads the configuration files, before references are resolved: a
 * profile ({@code spring.profiles.active: <<resolve:...>>} fails as an invalid profile name), a
 * config import or location, an activation condition. Runs before Spring Boot's own analyzers, which
 * would report the reference text as an invalid value without saying why.
 *
 * @author Secret Resolver contributors
 */
class ReferenceReadEarlyFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String CONFIG_DATA_PACKAGE = "org.springframework.boot.context.config.";

	private static final String ACTION = "Write the value of this property directly: Spring Boot reads it while it "
			+ "loads the configuration files, before <<resolve:...>> references are resolved. A reference may give "
			+ "the value of any property read later (see 'Where references are resolved' in the README).";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SecretResolutionException) {
				return null;
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind && holdsReference(bind.getProperty())
					&& PropertiesReadBeforeResolution.isReadByConfigData(bind.getProperty().getName().toString())) {
				ConfigurationProperty property = bind.getProperty();
				return new FailureAnalysis("The property '" + property.getName() + "'"
						+ ((property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "")
						+ " holds the reference " + ReferenceSyntax.referencesIn((CharSequence) property.getValue())
						+ ", but Spring Boot reads it before references are resolved.", ACTION, failure);
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isConfigDataFailure(cause) && cause.getMessage() != null
					&& ReferenceSyntax.containsReference(cause.getMessage())) {
				return new FailureAnalysis("Spring Boot failed while loading the configuration files ("
						+ cause.getClass().getSimpleName() + ") because a <<resolve:...>> reference is in a property "
						+ "it reads before references are resolved (a profile, a config import or location, an "
						+ "activation condition): " + ReferenceSyntax.referencesIn(cause.getMessage()), ACTION, failure);
			}
		}
		return null;
	}

	/**
	 * Return whether Spring Boot threw while loading configuration data: a config data exception,
	 * its validation of profile names, or a config import no loader can read.
	 */
	private static boolean isConfigDataFailure(Throwable cause) {
		return cause.getClass().getName().startsWith(CONFIG_DATA_PACKAGE)
				|| (cause instanceof IllegalStateException && cause.getMessage() != null
						&& (cause.getMessage().contains("rofile") || cause.getMessage().contains("config data")));
	}

	private static boolean holdsReference(@Nullable ConfigurationProperty property) {
		return property != null && property.getValue() instanceof CharSequence value
				&& ReferenceSyntax.containsReference(value);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
