/**
 * Serving resolved values through the {@code Environment}: the resolution and refresh passes,
 * the store of written values, reference states and resolved forms, the property source wrappers
 * that serve them in place, and the guard that keeps SpEL from evaluating fetched content.
 */
@NullMarked
package io.github.secretresolver.env;

import org.jspecify.annotations.NullMarked;
