package io.github.secretresolver.autoconfigure;

import io.github.secretresolver.actuate.ResolvedValueSanitizingFunction;
import io.github.secretresolver.env.ReferenceResolver;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that keeps values resolved from AWS out of
 * actuator responses.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = SecretResolverAutoConfiguration.class)
@ConditionalOnClass(SanitizingFunction.class)
@ConditionalOnBean(name = SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
@ConditionalOnBooleanProperty(name = SecretResolverProperties.PREFIX + ".actuator.show-resolved-values",
		havingValue = false, matchIfMissing = true)
public final class SecretResolverActuatorAutoConfiguration {

	@Bean
	ResolvedValueSanitizingFunction resolvedValueSanitizingFunction(
			@Qualifier(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME) ReferenceResolver resolver) {
		return new ResolvedValueSanitizingFunction(resolver.secretProperties());
	}

}
