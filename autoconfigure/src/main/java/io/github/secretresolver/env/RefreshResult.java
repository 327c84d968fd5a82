package io.github.secretresolver.env;

import java.util.List;
import java.util.Set;

/**
 * What one refresh did. Holds no value.
 *
 * @param references the number of references fetched again
 * @param changedProperties the names of the properties whose resolved values changed
 * @param failed the references whose fetch failed (they keep their last good value)
 * @param transientFailure whether a failure was transient (throttling, server error, timeout,
 * network), or AWS was not called because it keeps failing, so that trying again soon may help
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record RefreshResult(int references, Set<String> changedProperties, List<ReferenceState> failed,
		boolean transientFailure) {

	/**
	 * Create the result of a refresh that called AWS.
	 * @param references the number of references fetched again
	 * @param changedProperties the names of the properties whose resolved values changed
	 * @param failed the references whose fetch failed
	 */
	public RefreshResult(int references, Set<String> changedProperties, List<ReferenceState> failed) {
		this(references, changedProperties, failed,
				failed.stream().anyMatch((state) -> state.lastFailure() != null && state.lastFailure().isTransient()));
	}

	/**
	 * Return the result of a refresh that did not call AWS because AWS keeps failing.
	 * @return the result
	 */
	public static RefreshResult skipped() {
		return new RefreshResult(0, Set.of(), List.of(), true);
	}

}
