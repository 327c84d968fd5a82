/**
 * Fetching referenced values from AWS with the fewest calls the APIs allow: planning batches,
 * calling Parameter Store and Secrets Manager concurrently, and extracting JSON keys. No Spring
 * Boot types.
 */
@NullMarked
package io.github.secretresolver.resolve;

import org.jspecify.annotations.NullMarked;
