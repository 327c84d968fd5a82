package io.github.secretresolver.autoconfigure;

import io.github.secretresolver.env.ReferenceResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * {@link BeanFactoryPostProcessor} that resolves references in property sources added after the
 * environment was prepared ({@code @PropertySource}, {@code @TestPropertySource},
 * {@code @DynamicPropertySource}), once the configuration classes are parsed and before any
 * placeholder or bean is resolved, and keeps SpEL from evaluating fetched values.
 *
 * @author Secret Resolver contributors
 */
class LatePropertySourcesBeanFactoryPostProcessor implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)
				|| !beanFactory.containsSingleton(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)
				|| SecretResolverEnvironmentPostProcessor.isAotProcessing()) {
			return;
		}
		ReferenceResolver resolver = beanFactory.getBean(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME,
				ReferenceResolver.class);
		resolver.resolve(configurable);
		BeanExpressionResolver expressionResolver = beanFactory.getBeanExpressionResolver();
		if (expressionResolver != null) {
			beanFactory.setBeanExpressionResolver(resolver.guard(expressionResolver));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
