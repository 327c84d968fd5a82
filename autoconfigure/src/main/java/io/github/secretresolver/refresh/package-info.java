/**
 * Keeping resolved values fresh: refreshing on demand behind a circuit breaker, and in the
 * background on each service's interval with jitter and backoff.
 */
@NullMarked
package io.github.secretresolver.refresh;

import org.jspecify.annotations.NullMarked;
