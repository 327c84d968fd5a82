package io.github.secretresolver.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Warns when {@code secret-resolver.events.topic} is set but Spring Cloud AWS SQS, which receives
 * the events, or the AWS SDK's SNS module, which subscribes to the topic, is not on the class path.
 *
 * @author Secret Resolver contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(SecretResolverProperties.PREFIX + ".events.topic")
class TopicRotationEventsUnavailableConfiguration {

	private static final Log logger = LogFactory.getLog(TopicRotationEventsUnavailableConfiguration.class);

	private static final String SQS_CONTAINER = "io.awspring.cloud.sqs.listener.SqsMessageListenerContainer";

	private static final String SNS_CLIENT = "software.amazon.awssdk.services.sns.SnsClient";

	/**
	 * The warning. Nested, so that the class conditions, which load the classes they find, are only
	 * evaluated when a topic is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(MissingDependencyCondition.class)
	static class WarningConfiguration {

		@Bean
		InitializingBean secretResolverTopicRotationEventsUnavailableWarning(ResourceLoader resourceLoader) {
			return () -> {
				ClassLoader classLoader = resourceLoader.getClassLoader();
				List<String> missing = new ArrayList<>();
				if (!ClassUtils.isPresent(SQS_CONTAINER, classLoader)) {
					missing.add("io.awspring.cloud:spring-cloud-aws-sqs");
				}
				if (!ClassUtils.isPresent(SNS_CLIENT, classLoader)) {
					missing.add("software.amazon.awssdk:sns");
				}
				logger.warn("secret-resolver.events.topic is set, but no rotation event will be received: add "
						+ String.join(" and ", missing) + " to the application");
			};
		}

	}

	static class MissingDependencyCondition extends AnyNestedCondition {

		MissingDependencyCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnMissingClass(SQS_CONTAINER)
		static class SqsMissing {

		}

		@ConditionalOnMissingClass(SNS_CLIENT)
		static class SnsMissing {

		}

	}

}
