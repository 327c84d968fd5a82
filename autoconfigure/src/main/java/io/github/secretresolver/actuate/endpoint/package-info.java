/**
 * Actuator endpoint that lists AWS references and refreshes them, never showing a value.
 */
@NullMarked
package io.github.secretresolver.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
