package io.github.secretresolver.autoconfigure;

import io.github.secretresolver.SecretsRefreshedEvent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands changed values to beans through Spring Cloud Context when it is on the class path: an
 * {@link EnvironmentChangeEvent} makes it rebind {@code @ConfigurationProperties} beans, and
 * {@code @RefreshScope} beans are recreated with the new values on their next use.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(EnvironmentChangeEvent.class)
class SpringCloudContextPropagationConfiguration {

	@Bean
	ApplicationListener<SecretsRefreshedEvent> secretsRefreshedEnvironmentChangePublisher(
			ApplicationContext applicationContext, ObjectProvider<RefreshScope> refreshScope) {
		return (event) -> {
			applicationContext.publishEvent(new EnvironmentChangeEvent(applicationContext, event.getChangedProperties()));
			refreshScope.ifAvailable(RefreshScope::refreshAll);
		};
	}

}
