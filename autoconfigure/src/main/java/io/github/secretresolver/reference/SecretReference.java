package io.github.secretresolver.reference;

import java.util.Optional;

/**
 * A parsed reference to one value held by AWS. Implementations are immutable value objects whose
 * {@code equals} identifies the same AWS value, so identical references are fetched once.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public sealed interface SecretReference permits ParameterReference, SecretsManagerReference, KmsReference {

	/**
	 * Return the service that holds the value.
	 * @return the service
	 */
	ReferenceService service();

	/**
	 * Return the AWS Region named by an ARN in the reference, if any. References without an ARN
	 * use the configured Region.
	 * @return the Region id from the ARN
	 */
	Optional<String> arnRegion();

	/**
	 * Return the same reference for a replica in another Region: an ARN in it names that Region;
	 * a reference by name is unchanged (the client of the Region finds the replica by name).
	 * @param region the Region of the replica
	 * @return the reference to the replica
	 */
	SecretReference inRegion(String region);

	/**
	 * Return the reference as written, in the canonical {@code <<resolve:...>>} form, without any
	 * default value. Never contains a resolved value.
	 * @return the reference text
	 */
	String text();

}
