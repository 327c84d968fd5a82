/**
 * Handing refreshed database credentials to connection pools, and recovering a pool whose
 * credentials the database rejects (a rotation not seen yet, or one in progress).
 */
@NullMarked
package io.github.secretresolver.refresh.jdbc;

import org.jspecify.annotations.NullMarked;
