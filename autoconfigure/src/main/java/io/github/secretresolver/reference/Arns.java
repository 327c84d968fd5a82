package io.github.secretresolver.reference;

import java.util.Optional;

/**
 * The rules of AWS ARNs and names that references depend on, in one place: the Region segment of
 * an ARN, the number of {@code :} segments of parameter, secret and key ARNs, the six random
 * characters Secrets Manager appends to a secret's name in its ARN, and Parameter Store's
 * pass-through names for Secrets Manager.
 *
 * @author Secret Resolver contributors
 */
final class Arns {

	/**
	 * Prefix of the Parameter Store names that read a Secrets Manager secret.
	 */
	static final String SECRETS_MANAGER_PASS_THROUGH = "/aws/reference/secretsmanager/";

	/**
	 * Segments of a parameter ARN: {@code arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME}.
	 */
	static final int PARAMETER_ARN_SEGMENTS = 6;

	/**
	 * Segments of a secret ARN: {@code arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME}.
	 */
	static final int SECRET_ARN_SEGMENTS = 7;

	/**
	 * Segments of a key or alias ARN: {@code arn:PARTITION:kms:REGION:ACCOUNT:key/ID}.
	 */
	static final int KEY_ARN_SEGMENTS = 6;

	private static final String PREFIX = "arn:";

	private static final int REGION_SEGMENT = 3;

	private static final String SECRET_MARKER = ":secret:";

	/**
	 * Length of what Secrets Manager appends to a secret's name in its ARN: {@code -} and six
	 * random characters.
	 */
	private static final int SECRET_SUFFIX_LENGTH = 7;

	private Arns() {
	}

	static boolean isArn(String identifier) {
		return identifier.startsWith(PREFIX);
	}

	static Optional<String> region(String identifier) {
		return isArn(identifier) ? Optional.of(identifier.split(":", -1)[REGION_SEGMENT]) : Optional.empty();
	}

	/**
	 * Return the same ARN in another Region, or the identifier unchanged when it is not an ARN.
	 */
	static String inRegion(String identifier, String region) {
		if (!isArn(identifier)) {
			return identifier;
		}
		String[] segments = identifier.split(":", -1);
		segments[REGION_SEGMENT] = region;
		return String.join(":", segments);
	}

	/**
	 * Return the name of a secret: the identifier itself, or the name in an ARN without the
	 * characters Secrets Manager appends (when the ARN carries them).
	 */
	static String secretName(String secretId) {
		int marker = secretId.indexOf(SECRET_MARKER);
		if (!isArn(secretId) || marker == -1) {
			return secretId;
		}
		String nameWithSuffix = secretId.substring(marker + SECRET_MARKER.length());
		boolean suffixed = nameWithSuffix.length() > SECRET_SUFFIX_LENGTH
				&& nameWithSuffix.charAt(nameWithSuffix.length() - SECRET_SUFFIX_LENGTH) == '-';
		return suffixed ? nameWithSuffix.substring(0, nameWithSuffix.length() - SECRET_SUFFIX_LENGTH) : nameWithSuffix;
	}

	/**
	 * Return whether an ARN written without the characters Secrets Manager appends designates a
	 * full ARN (and not the ARN of another secret whose name merely starts the same way).
	 */
	static boolean isPartialSecretArnOf(String partialArn, String fullArn) {
		return isArn(partialArn) && fullArn.length() == partialArn.length() + SECRET_SUFFIX_LENGTH
				&& fullArn.startsWith(partialArn + "-");
	}

	/**
	 * Return whether an ARN is the ARN of the parameter with the given (hierarchical) name.
	 */
	static boolean isParameterArnOf(String arn, String name) {
		return isArn(arn) && arn.endsWith(":parameter" + (name.startsWith("/") ? name : "/" + name));
	}

}
