/**
 * Spring Boot wiring: the environment post-processor and bean factory post-processor that start
 * resolution, the auto-configurations, the configuration properties, and the failure analyzer.
 */
@NullMarked
package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.NullMarked;
