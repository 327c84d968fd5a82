package io.github.secretresolver.autoconfigure;

import io.awspring.cloud.autoconfigure.AwsClientProperties;

/**
 * Per-service client settings read from Spring Cloud AWS's properties
 * ({@code spring.cloud.aws.parameterstore.*}, {@code spring.cloud.aws.secretsmanager.*}):
 * endpoint, Region and dual-stack.
 *
 * @author Secret Resolver contributors
 */
class AwsServiceClientProperties extends AwsClientProperties {

}
