/**
 * Fetching referenced values: planning the fewest calls the AWS APIs allow, calling Parameter
 * Store, Secrets Manager and KMS concurrently, extracting JSON keys, and classifying failures.
 * Every failure is a result, never an exception. No Spring Boot types.
 */
@NullMarked
package io.github.secretresolver.fetch;

import org.jspecify.annotations.NullMarked;
