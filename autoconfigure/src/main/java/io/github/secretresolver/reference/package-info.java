/**
 * Grammar of {@code <<resolve:SERVICE:...>>} references: finding them in property values and
 * parsing them into typed references. Pure logic, no AWS or Spring Boot types.
 */
@NullMarked
package io.github.secretresolver.reference;

import org.jspecify.annotations.NullMarked;
