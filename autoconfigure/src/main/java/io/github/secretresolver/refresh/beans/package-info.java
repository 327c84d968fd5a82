/**
 * Handing refreshed values to beans: rebinding {@code @ConfigurationProperties} beans with
 * Spring Boot's own binding, and telling which beans a refresh cannot reach.
 */
@NullMarked
package io.github.secretresolver.refresh.beans;

import org.jspecify.annotations.NullMarked;
