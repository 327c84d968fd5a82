/**
 * Health of the values resolved from AWS.
 */
@NullMarked
package io.github.secretresolver.health;

import org.jspecify.annotations.NullMarked;
