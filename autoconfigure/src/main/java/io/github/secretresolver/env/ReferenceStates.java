package io.github.secretresolver.env;

import java.util.List;

/**
 * The read model of the references an application holds: what the actuator endpoint, the health
 * indicator, the metrics and the refresh schedule need, without values and without access to the
 * resolution itself.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReferenceStates {

	/**
	 * Return the state of every reference, in the order they were first resolved. Never waits for
	 * AWS.
	 * @return the states
	 */
	List<ReferenceState> current();

}
