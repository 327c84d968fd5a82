package io.github.secretresolver.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Warns when {@code secret-resolver.events.queue} is set but Spring Cloud AWS SQS, which receives
 * the events, is not on the class path.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass("io.awspring.cloud.sqs.listener.SqsMessageListenerContainer")
@ConditionalOnProperty(SecretResolverProperties.PREFIX + ".events.queue")
class RotationEventsUnavailableConfiguration {

	private static final Log logger = LogFactory.getLog(RotationEventsUnavailableConfiguration.class);

	@Bean
	InitializingBean secretResolverRotationEventsUnavailableWarning() {
		return () -> logger.warn("secret-resolver.events.queue is set, but no rotation event will be received: "
				+ "add io.awspring.cloud:spring-cloud-aws-sqs to the application");
	}

}
