/**
 * Actuator integration: masking of values resolved from AWS.
 */
@NullMarked
package io.github.secretresolver.actuate;

import org.jspecify.annotations.NullMarked;
