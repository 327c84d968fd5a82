package io.github.secretresolver;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup when one or more references cannot be resolved. Lists every failing
 * reference at once; never contains a resolved value.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class SecretResolutionException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final transient List<ResolutionError> errors;

	/**
	 * Create a new exception.
	 * @param errors every reference that could not be resolved
	 */
	public SecretResolutionException(List<ResolutionError> errors) {
		super(errors.size() + " AWS reference(s) could not be resolved:" + errors.stream()
			.map(ResolutionError::describe)
			.collect(Collectors.joining(System.lineSeparator() + "  - ", System.lineSeparator() + "  - ", "")));
		this.errors = List.copyOf(errors);
	}

	/**
	 * Return every reference that could not be resolved.
	 * @return the errors
	 */
	public List<ResolutionError> getErrors() {
		return this.errors;
	}

}
