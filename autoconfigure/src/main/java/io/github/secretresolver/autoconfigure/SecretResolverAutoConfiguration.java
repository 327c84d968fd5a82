package io.github.secretresolver.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for resolving AWS references. The references
 * in the configuration files are resolved earlier, by an environment post-processor; this
 * resolves those in property sources added while the context starts ({@code @PropertySource},
 * {@code @TestPropertySource}, {@code @DynamicPropertySource}).
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = SecretResolverProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecretResolverProperties.class)
public final class SecretResolverAutoConfiguration {

	@Bean
	static BeanFactoryPostProcessor latePropertySourceReferenceResolver() {
		return new LatePropertySourceReferenceResolver();
	}

}
