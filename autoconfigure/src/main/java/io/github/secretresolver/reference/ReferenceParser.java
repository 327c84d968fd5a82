package io.github.secretresolver.reference;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses the body of a reference ({@code SERVICE:KEY}, the text between {@code <<resolve:} and
 * {@code >>}) following CloudFormation's dynamic reference rules.
 * <ul>
 * <li>{@code ssm:NAME[:VERSION|:LABEL]} and {@code ssm-secure:NAME[:VERSION|:LABEL]}, where NAME
 * may be a parameter ARN.</li>
 * <li>{@code secretsmanager:SECRET-ID[:SecretString[:JSON-KEY[:VERSION-STAGE[:VERSION-ID]]]]}
 * with positional, optionally empty segments, where SECRET-ID may be a full ARN.</li>
 * <li>{@code kms:CIPHERTEXT[:CONTEXT[:KEY-ID[:ALGORITHM[:FORMAT]]]]}, this project's extension:
 * CONTEXT is {@code KEY=VALUE} pairs separated by {@code ,} with percent-encoded keys and values,
 * KEY-ID may be an ARN, FORMAT is {@code text} or {@code base64}.</li>
 * </ul>
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class ReferenceParser {

	private static final Pattern PARAMETER_NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]+");

	private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@\\-]+");

	private static final Pattern VERSION = Pattern.compile("[0-9]+");

	private static final Pattern LABEL = Pattern.compile("[a-zA-Z_.\\-][a-zA-Z0-9_.\\-]{0,99}");

	private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9\\-]{32,64}");

	private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private static final Pattern KEY_ID = Pattern.compile("(alias/[A-Za-z0-9/_\\-]+)|([A-Za-z0-9\\-]+)");

	private static final List<String> KMS_ALGORITHMS = List.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1",
			"RSAES_OAEP_SHA_256", "SM2PKE");

	private static final int MAX_PARAMETER_NAME_LENGTH = 2048;

	private static final String SECRET_STRING = "SecretString";

	private ReferenceParser() {
	}

	/**
	 * Parse the body of a reference.
	 * @param body the text between {@code <<resolve:} and {@code >>}, with any default value
	 * removed and placeholders already resolved
	 * @return the parsed reference
	 * @throws InvalidReferenceException if the body is not a valid reference
	 */
	public static SecretReference parse(String body) {
		int colon = body.indexOf(':');
		if (colon == -1) {
			throw new InvalidReferenceException("expected SERVICE:KEY after '<<resolve:'; services are "
					+ ReferenceService.supportedIds());
		}
		String serviceId = body.substring(0, colon);
		ReferenceService service = ReferenceService.fromId(serviceId)
			.orElseThrow(() -> new InvalidReferenceException("unknown service '" + serviceId
					+ "'; supported services are " + ReferenceService.supportedIds()));
		String key = body.substring(colon + 1);
		return switch (service) {
			case SSM, SSM_SECURE -> parseParameter(service, key);
			case SECRETS_MANAGER -> parseSecret(key);
			case KMS -> parseKms(key);
		};
	}

	private static ParameterReference parseParameter(ReferenceService service, String key) {
		List<String> tokens = Arrays.asList(key.split(":", -1));
		boolean arn = tokens.get(0).equals("arn");
		int nameTokens = arn ? Arns.PARAMETER_ARN_SEGMENTS : 1;
		if (tokens.size() < nameTokens) {
			throw new InvalidReferenceException(
					"parameter ARN must have the form arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME");
		}
		if (tokens.size() > nameTokens + 1) {
			throw new InvalidReferenceException("too many ':' segments; expected " + service.id()
					+ ":NAME, " + service.id() + ":NAME:VERSION or " + service.id() + ":NAME:LABEL");
		}
		String name = String.join(":", tokens.subList(0, nameTokens));
		if (arn) {
			checkParameterArn(tokens);
		}
		else {
			checkParameterName(name);
		}
		String selector = (tokens.size() > nameTokens) ? tokens.get(nameTokens) : null;
		if (selector != null && !(name.startsWith(Arns.SECRETS_MANAGER_PASS_THROUGH)
				&& VERSION_ID.matcher(selector).matches())) {
			checkSelector(selector);
		}
		return new ParameterReference(service, name, selector);
	}

	private static void checkParameterArn(List<String> tokens) {
		String resource = tokens.get(5);
		if (!tokens.get(2).equals("ssm") || tokens.get(3).isEmpty() || !resource.startsWith("parameter/")
				|| resource.length() == "parameter/".length()) {
			throw new InvalidReferenceException(
					"parameter ARN must have the form arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME");
		}
		checkParameterName(resource.substring("parameter".length()));
	}

	private static void checkParameterName(String name) {
		if (name.isEmpty()) {
			throw new InvalidReferenceException("parameter name is empty");
		}
		if (name.length() > MAX_PARAMETER_NAME_LENGTH) {
			throw new InvalidReferenceException("parameter name is longer than 2048 characters");
		}
		if (name.equals(Arns.SECRETS_MANAGER_PASS_THROUGH)) {
			throw new InvalidReferenceException("secret id after " + Arns.SECRETS_MANAGER_PASS_THROUGH + " is empty");
		}
		Pattern allowed = name.startsWith(Arns.SECRETS_MANAGER_PASS_THROUGH) ? SECRET_NAME : PARAMETER_NAME;
		if (!allowed.matcher(name).matches()) {
			throw new InvalidReferenceException(
					"parameter name may only contain letters, digits and the characters _ . - /");
		}
	}

	private static void checkSelector(String selector) {
		if (selector.isEmpty()) {
			throw new InvalidReferenceException("version or label after ':' is empty");
		}
		if (VERSION.matcher(selector).matches()) {
			if (selector.chars().allMatch((digit) -> digit == '0')) {
				throw new InvalidReferenceException("parameter versions start at 1");
			}
			return;
		}
		if (!LABEL.matcher(selector).matches()) {
			throw new InvalidReferenceException("'" + selector + "' is neither a version number nor a valid label "
					+ "(letters, digits, _ . -, at most 100 characters, not starting with a digit)");
		}
	}

	private static SecretsManagerReference parseSecret(String key) {
		List<String> tokens = Arrays.asList(key.split(":", -1));
		boolean arn = tokens.get(0).equals("arn");
		int idTokens = arn ? Arns.SECRET_ARN_SEGMENTS : 1;
		if (tokens.size() < idTokens) {
			throw new InvalidReferenceException(
					"secret ARN must have the form arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME");
		}
		List<String> options = tokens.subList(idTokens, tokens.size());
		if (options.size() > 4) {
			throw new InvalidReferenceException("too many ':' segments; expected "
					+ "secretsmanager:SECRET-ID:SecretString:JSON-KEY:VERSION-STAGE:VERSION-ID");
		}
		String secretId = String.join(":", tokens.subList(0, idTokens));
		if (arn) {
			checkSecretArn(tokens);
		}
		else {
			checkSecretName(secretId);
		}
		String secretString = option(options, 0);
		if (secretString != null && !secretString.equals(SECRET_STRING)) {
			throw new InvalidReferenceException("'" + secretString
					+ "' is not supported after the secret id; only SecretString (or an empty segment) is");
		}
		String versionStage = option(options, 2);
		String versionId = option(options, 3);
		if (versionStage != null && versionId != null) {
			throw new InvalidReferenceException("give a version stage or a version id, not both");
		}
		if (versionId != null && !VERSION_ID.matcher(versionId).matches()) {
			throw new InvalidReferenceException(
					"version id must be 32 to 64 letters, digits or hyphens (a version UUID)");
		}
		if (versionStage != null && versionStage.length() > 256) {
			throw new InvalidReferenceException("version stage is longer than 256 characters");
		}
		return new SecretsManagerReference(secretId, option(options, 1), versionStage, versionId);
	}

	private static void checkSecretArn(List<String> tokens) {
		if (!tokens.get(2).equals("secretsmanager") || tokens.get(3).isEmpty() || !tokens.get(5).equals("secret")
				|| tokens.get(6).isEmpty()) {
			throw new InvalidReferenceException(
					"secret ARN must have the form arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME");
		}
		checkSecretName(tokens.get(6));
	}

	private static void checkSecretName(String name) {
		if (name.isEmpty()) {
			throw new InvalidReferenceException("secret id is empty");
		}
		if (name.length() > 2048 || !SECRET_NAME.matcher(name).matches()) {
			throw new InvalidReferenceException(
					"secret id may only contain letters, digits and the characters / _ + = . @ -");
		}
	}

	private static KmsReference parseKms(String key) {
		List<String> tokens = Arrays.asList(key.split(":", -1));
		String ciphertext = WHITESPACE.matcher(tokens.get(0)).replaceAll("");
		if (ciphertext.isEmpty()) {
			throw new InvalidReferenceException("ciphertext is empty");
		}
		if (!BASE64.matcher(ciphertext).matches() || ciphertext.length() % 4 != 0) {
			throw new InvalidReferenceException("ciphertext must be base64, as 'aws kms encrypt --output text "
					+ "--query CiphertextBlob' or 'aws-encryption-cli --encode' print it");
		}
		List<String> options = new java.util.ArrayList<>(tokens.subList(1, tokens.size()));
		if (options.size() > 1 && options.get(1).equals("arn")) {
			if (options.size() < 1 + Arns.KEY_ARN_SEGMENTS) {
				throw new InvalidReferenceException("key ARN must have the form arn:PARTITION:kms:REGION:ACCOUNT:key/ID "
						+ "or arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME");
			}
			options.set(1, String.join(":", options.subList(1, 1 + Arns.KEY_ARN_SEGMENTS)));
			options.subList(2, 1 + Arns.KEY_ARN_SEGMENTS).clear();
		}
		if (options.size() > 4) {
			throw new InvalidReferenceException(
					"too many ':' segments; expected kms:CIPHERTEXT:CONTEXT:KEY-ID:ALGORITHM:FORMAT");
		}
		String keyId = option(options, 1);
		if (keyId != null) {
			checkKeyId(keyId);
		}
		String algorithm = option(options, 2);
		if (algorithm != null && !KMS_ALGORITHMS.contains(algorithm)) {
			throw new InvalidReferenceException("unknown encryption algorithm '" + algorithm + "'; expected one of "
					+ String.join(", ", KMS_ALGORITHMS));
		}
		String format = option(options, 3);
		KmsReference.PlaintextFormat plaintextFormat = (format != null) ? KmsReference.PlaintextFormat.fromId(format)
			.orElseThrow(() -> new InvalidReferenceException("unknown format '" + format + "'; expected text or base64"))
				: KmsReference.PlaintextFormat.TEXT;
		return new KmsReference(ciphertext, parseEncryptionContext(option(options, 0)), keyId, algorithm,
				plaintextFormat);
	}

	private static java.util.SortedMap<String, String> parseEncryptionContext(@Nullable String context) {
		java.util.SortedMap<String, String> pairs = new java.util.TreeMap<>();
		if (context == null) {
			return pairs;
		}
		for (String pair : context.split(",", -1)) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				throw new InvalidReferenceException(
						"encryption context must be KEY=VALUE pairs separated by ',' (percent-encode other characters)");
			}
			String name = KmsReference.PercentEncoding.decode(pair.substring(0, equals));
			if (pairs.put(name, KmsReference.PercentEncoding.decode(pair.substring(equals + 1))) != null) {
				throw new InvalidReferenceException("encryption context key '" + name + "' is given twice");
			}
		}
		return pairs;
	}

	private static void checkKeyId(String keyId) {
		if (Arns.isArn(keyId)) {
			String[] tokens = keyId.split(":", -1);
			if (!tokens[2].equals("kms") || tokens[3].isEmpty()
					|| !(tokens[5].startsWith("key/") || tokens[5].startsWith("alias/"))) {
				throw new InvalidReferenceException("key ARN must have the form arn:PARTITION:kms:REGION:ACCOUNT:key/ID "
						+ "or arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME");
			}
		}
		else if (!KEY_ID.matcher(keyId).matches()) {
			throw new InvalidReferenceException("key must be a key id, a key ARN, 'alias/NAME' or an alias ARN");
		}
	}

	private static @Nullable String option(List<String> options, int index) {
		if (index >= options.size() || options.get(index).isEmpty()) {
			return null;
		}
		return options.get(index);
	}

}
