package io.github.secretresolver.reference;

/**
 * Thrown when text that starts with {@code <<resolve:} is not a valid reference. The message
 * explains what is wrong with the reference text; it never contains a resolved value.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class InvalidReferenceException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param reason what is wrong with the reference
	 */
	public InvalidReferenceException(String reason) {
		super(reason);
	}

}
