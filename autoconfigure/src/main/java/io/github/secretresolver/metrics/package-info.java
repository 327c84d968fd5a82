/**
 * Micrometer metrics of the values resolved from AWS and their refreshes.
 */
@NullMarked
package io.github.secretresolver.metrics;

import org.jspecify.annotations.NullMarked;
