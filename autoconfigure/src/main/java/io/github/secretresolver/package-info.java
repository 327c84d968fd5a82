/**
 * The public API of the secret resolver: what applications use besides their configuration.
 * {@link io.github.secretresolver.ResolvedValues} (consistent reads),
 * {@link io.github.secretresolver.SecretsRefreshedEvent} (a refresh changed values) and
 * {@link io.github.secretresolver.SecretResolutionException} (startup failed). Types in other
 * packages are public only so that the starter's own packages can use them, except the
 * configuration properties, the actuator endpoint and the health indicator; they may change
 * without notice.
 */
@NullMarked
package io.github.secretresolver;

import org.jspecify.annotations.NullMarked;
