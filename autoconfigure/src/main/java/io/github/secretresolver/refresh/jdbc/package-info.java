/**
 * Handing refreshed database credentials to connection pools.
 */
@NullMarked
package io.github.secretresolver.refresh.jdbc;

import org.jspecify.annotations.NullMarked;
