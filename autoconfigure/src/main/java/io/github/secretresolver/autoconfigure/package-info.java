/**
 * Spring Boot integration: the environment post-processor that resolves references before any
 * bean exists, the property sources that serve resolved values, auto-configuration, properties
 * and failure analysis.
 */
@NullMarked
package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.NullMarked;
