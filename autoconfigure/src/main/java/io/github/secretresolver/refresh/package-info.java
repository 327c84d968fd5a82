/**
 * Keeping resolved values fresh: the state of each reference between refreshes, when to refresh
 * next (interval with jitter, backoff after transient failures), and which failures are transient.
 * No Spring Boot types.
 */
@NullMarked
package io.github.secretresolver.refresh;

import org.jspecify.annotations.NullMarked;
