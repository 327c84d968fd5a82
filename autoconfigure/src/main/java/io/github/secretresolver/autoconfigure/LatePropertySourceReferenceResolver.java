package io.github.secretresolver.autoconfigure;

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
 * Resolves references in property sources added after the environment was prepared, once the
 * configuration classes are parsed and before any placeholder or bean is resolved, and keeps
 * SpEL from evaluating fetched values.
 *
 * @author Secret Resolver contributors
 */
class LatePropertySourceReferenceResolver implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)
				|| !beanFactory.containsSingleton(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME)) {
			return;
		}
		beanFactory.getBean(SecretResolverEnvironmentPostProcessor.RESOLVER_BEAN_NAME, EnvironmentReferenceResolver.class)
			.resolve(configurable);
		BeanExpressionResolver expressionResolver = beanFactory.getBeanExpressionResolver();
		if (expressionResolver != null && !(expressionResolver instanceof ExpressionGuardingBeanExpressionResolver)) {
			beanFactory.setBeanExpressionResolver(new ExpressionGuardingBeanExpressionResolver(expressionResolver,
					beanFactory.getBean(SecretResolverEnvironmentPostProcessor.RESOLVED_VALUES_BEAN_NAME,
							ResolvedValues.class)));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
