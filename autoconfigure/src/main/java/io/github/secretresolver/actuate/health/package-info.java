/**
 * Health indicator that reports AWS values gone stale.
 */
@NullMarked
package io.github.secretresolver.actuate.health;

import org.jspecify.annotations.NullMarked;
