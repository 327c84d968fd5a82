package io.github.secretresolver.reference;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link ReferenceParser}.
 *
 * @author Secret Resolver contributors
 */
class ReferenceParserTests {

	private static final String VERSION_ID = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";

	private static final String SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3";

	private static final String PARAMETER_ARN = "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host";

	private static final String PARAMETER_ARN_FORM = "parameter ARN must have the form "
			+ "arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME";

	private static final String SECRET_ARN_FORM = "secret ARN must have the form "
			+ "arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME";

	private static final String PARAMETER_NAME_CHARS = "parameter name may only contain letters, digits and "
			+ "the characters _ . - /";

	private static final String SECRET_ID_CHARS = "secret id may only contain letters, digits and "
			+ "the characters / _ + = . @ -";

	private static final String TOO_MANY_SSM_SEGMENTS = "too many ':' segments; expected ssm:NAME, "
			+ "ssm:NAME:VERSION or ssm:NAME:LABEL";

	private static final String TOO_MANY_SSM_SECURE_SEGMENTS = "too many ':' segments; expected "
			+ "ssm-secure:NAME, ssm-secure:NAME:VERSION or ssm-secure:NAME:LABEL";

	private static final String TOO_MANY_SECRET_SEGMENTS = "too many ':' segments; expected "
			+ "secretsmanager:SECRET-ID:SecretString:JSON-KEY:VERSION-STAGE:VERSION-ID";

	private static final String NOT_A_SELECTOR = "' is neither a version number nor a valid label "
			+ "(letters, digits, _ . -, at most 100 characters, not starting with a digit)";

	private static final String VERSION_ID_FORM = "version id must be 32 to 64 letters, digits or hyphens "
			+ "(a version UUID)";

	private static final String SERVICES = "ssm, ssm-secure, secretsmanager, kms";

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			# body                                                                   | secret id | json key | stage       | version id
			secretsmanager:MySecret                                                  | MySecret  |          |             |
			secretsmanager:MySecret::::                                              | MySecret  |          |             |
			secretsmanager:MySecret:SecretString:password                            | MySecret  | password |             |
			secretsmanager:MySecret:SecretString:password:AWSPREVIOUS                | MySecret  | password | AWSPREVIOUS |
			secretsmanager:MySecret:SecretString:password::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE | MySecret | password | | EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE
			secretsmanager:MySecret:SecretString::AWSPREVIOUS                        | MySecret  |          | AWSPREVIOUS |
			secretsmanager:MySecret:SecretString:::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE | MySecret |        |             | EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE
			secretsmanager:MySecret:SecretString                                     | MySecret  |          |             |
			secretsmanager:MySecret::password                                        | MySecret  | password |             |
			secretsmanager:MySecret:SecretString:a.b                                 | MySecret  | a.b      |             |
			secretsmanager:prod/shop/db_user+admin=1@corp.example-x                  | prod/shop/db_user+admin=1@corp.example-x | | |
			""")
	void parseWhenSecretNameReturnsReference(String body, String secretId, @Nullable String jsonKey,
			@Nullable String versionStage, @Nullable String versionId) {
		assertThat(ReferenceParser.parse(body))
			.isEqualTo(new SecretsManagerReference(secretId, jsonKey, versionStage, versionId));
	}

	@ParameterizedTest
	@MethodSource("secretArnReferences")
	void parseWhenSecretArnReturnsReference(String body, SecretsManagerReference expected) {
		SecretReference reference = ReferenceParser.parse(body);
		assertThat(reference).isEqualTo(expected);
		assertThat(reference.arnRegion()).contains("us-west-2");
	}

	static Stream<Arguments> secretArnReferences() {
		return Stream.of(
				arguments("secretsmanager:" + SECRET_ARN, new SecretsManagerReference(SECRET_ARN, null, null, null)),
				arguments("secretsmanager:" + SECRET_ARN + "::::",
						new SecretsManagerReference(SECRET_ARN, null, null, null)),
				arguments("secretsmanager:" + SECRET_ARN + ":SecretString",
						new SecretsManagerReference(SECRET_ARN, null, null, null)),
				arguments("secretsmanager:" + SECRET_ARN + ":SecretString:password",
						new SecretsManagerReference(SECRET_ARN, "password", null, null)),
				arguments("secretsmanager:" + SECRET_ARN + ":SecretString:password:AWSPENDING",
						new SecretsManagerReference(SECRET_ARN, "password", "AWSPENDING", null)),
				arguments("secretsmanager:" + SECRET_ARN + ":SecretString:::" + VERSION_ID,
						new SecretsManagerReference(SECRET_ARN, null, null, VERSION_ID)),
				arguments("secretsmanager:arn:aws-cn:secretsmanager:us-west-2:123456789012:secret:MySecret",
						new SecretsManagerReference(
								"arn:aws-cn:secretsmanager:us-west-2:123456789012:secret:MySecret", null, null, null)));
	}

	@Test
	void parseWhenSecretArnWithJsonKeyReturnsReference() {
		SecretsManagerReference reference = (SecretsManagerReference) ReferenceParser
			.parse("secretsmanager:" + SECRET_ARN + ":SecretString:password");
		assertThat(reference.secretId()).isEqualTo(SECRET_ARN);
		assertThat(reference.jsonKey()).isEqualTo("password");
		assertThat(reference.service()).isEqualTo(ReferenceService.SECRETS_MANAGER);
		assertThat(reference.arnRegion()).contains("us-west-2");
		assertThat(reference.isVersionPinned()).isFalse();
	}

	@Test
	void parseWhenSecretNameHasNoArnRegion() {
		assertThat(ReferenceParser.parse("secretsmanager:MySecret").arnRegion()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			# body                                                              | service    | name                                    | selector
			ssm:/shop/db-host                                                   | SSM        | /shop/db-host                           |
			ssm:/shop/db-host:3                                                 | SSM        | /shop/db-host                           | 3
			ssm:/shop/db-host:prod                                              | SSM        | /shop/db-host                           | prod
			ssm:/shop/db-host:_release-2.1                                      | SSM        | /shop/db-host                           | _release-2.1
			ssm:shop_db.host-name                                               | SSM        | shop_db.host-name                       |
			ssm-secure:/shop/db-password                                        | SSM_SECURE | /shop/db-password                       |
			ssm-secure:/shop/db-password:12                                     | SSM_SECURE | /shop/db-password                       | 12
			ssm-secure:/shop/db-password:blue                                   | SSM_SECURE | /shop/db-password                       | blue
			ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host       | SSM        | arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host |
			ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host:4     | SSM        | arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host | 4
			ssm-secure:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host:prod | SSM_SECURE | arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host | prod
			ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/db-host            | SSM        | arn:aws:ssm:eu-west-1:123456789012:parameter/db-host |
			ssm-secure:/aws/reference/secretsmanager/MySecret                   | SSM_SECURE | /aws/reference/secretsmanager/MySecret  |
			ssm-secure:/aws/reference/secretsmanager/shop/db+user=1@corp.x:AWSPREVIOUS | SSM_SECURE | /aws/reference/secretsmanager/shop/db+user=1@corp.x | AWSPREVIOUS
			ssm:/aws/reference/secretsmanager/a+b=c@d                           | SSM        | /aws/reference/secretsmanager/a+b=c@d   |
			ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 | SSM  | /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 |
			ssm:/aws/service/global-infrastructure/regions/eu-west-1/longName:1 | SSM        | /aws/service/global-infrastructure/regions/eu-west-1/longName | 1
			""")
	void parseWhenParameterReturnsReference(String body, ReferenceService service, String name,
			@Nullable String selector) {
		assertThat(ReferenceParser.parse(body)).isEqualTo(new ParameterReference(service, name, selector));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ssm:/shop/db-host                                                            | /shop/db-host      | false | false
			ssm:/shop/db-host:3                                                          | /shop/db-host:3    | false | false
			ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host:prod | arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host:prod | true | false
			ssm-secure:/aws/reference/secretsmanager/MySecret:AWSCURRENT | /aws/reference/secretsmanager/MySecret:AWSCURRENT | false | true
			""")
	void parseWhenParameterDescribesNameAndKind(String body, String nameWithSelector, boolean arn,
			boolean secretsManagerPassThrough) {
		ParameterReference reference = (ParameterReference) ReferenceParser.parse(body);
		assertThat(reference.nameWithSelector()).isEqualTo(nameWithSelector);
		assertThat(reference.isArn()).isEqualTo(arn);
		assertThat(reference.isSecretsManagerPassThrough()).isEqualTo(secretsManagerPassThrough);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host           | eu-west-1
			ssm-secure:arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/x:2  | us-gov-west-1
			secretsmanager:arn:aws:secretsmanager:ap-south-1:123456789012:secret:MySecret:SecretString:k | ap-south-1
			""")
	void arnRegionWhenArnReturnsRegionOfArn(String body, String region) {
		assertThat(ReferenceParser.parse(body).arnRegion()).contains(region);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ssm:/shop/db-host
			ssm-secure:/aws/reference/secretsmanager/MySecret
			secretsmanager:MySecret:SecretString:password
			""")
	void arnRegionWhenNoArnReturnsEmpty(String body) {
		assertThat(ReferenceParser.parse(body).arnRegion()).isEmpty();
	}

	@Test
	void parseWhenLabelHas100CharactersReturnsReference() {
		String label = "a".repeat(100);
		assertThat(ReferenceParser.parse("ssm:/shop/db-host:" + label))
			.isEqualTo(new ParameterReference(ReferenceService.SSM, "/shop/db-host", label));
	}

	@Test
	void parseWhenParameterNameHas2048CharactersReturnsReference() {
		String name = "/" + "a".repeat(2047);
		assertThat(ReferenceParser.parse("ssm:" + name))
			.isEqualTo(new ParameterReference(ReferenceService.SSM, name, null));
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			32
			64
			""")
	void parseWhenVersionIdHasAllowedLengthReturnsReference(int length) {
		String versionId = "a1-".repeat(22).substring(0, length);
		assertThat(ReferenceParser.parse("secretsmanager:MySecret:SecretString:::" + versionId))
			.isEqualTo(new SecretsManagerReference("MySecret", null, null, versionId));
	}

	@Test
	void parseWhenVersionStageHas256CharactersReturnsReference() {
		String stage = "S".repeat(256);
		assertThat(ReferenceParser.parse("secretsmanager:MySecret:SecretString::" + stage))
			.isEqualTo(new SecretsManagerReference("MySecret", null, stage, null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			# body                                                        | text
			secretsmanager:MySecret                                       | <<resolve:secretsmanager:MySecret>>
			secretsmanager:MySecret::::                                   | <<resolve:secretsmanager:MySecret>>
			secretsmanager:MySecret:SecretString                          | <<resolve:secretsmanager:MySecret>>
			secretsmanager:MySecret::password                             | <<resolve:secretsmanager:MySecret:SecretString:password>>
			secretsmanager:MySecret:SecretString:password                 | <<resolve:secretsmanager:MySecret:SecretString:password>>
			secretsmanager:MySecret:SecretString:password:AWSPREVIOUS     | <<resolve:secretsmanager:MySecret:SecretString:password:AWSPREVIOUS>>
			secretsmanager:MySecret:SecretString:password:AWSPREVIOUS:    | <<resolve:secretsmanager:MySecret:SecretString:password:AWSPREVIOUS>>
			secretsmanager:MySecret:SecretString:password::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE | <<resolve:secretsmanager:MySecret:SecretString:password::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE>>
			secretsmanager:MySecret:SecretString::AWSPREVIOUS             | <<resolve:secretsmanager:MySecret:SecretString::AWSPREVIOUS>>
			secretsmanager:MySecret:::AWSPREVIOUS                         | <<resolve:secretsmanager:MySecret:SecretString::AWSPREVIOUS>>
			secretsmanager:MySecret::::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE | <<resolve:secretsmanager:MySecret:SecretString:::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE>>
			secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3:: | <<resolve:secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3>>
			ssm:/shop/db-host                                             | <<resolve:ssm:/shop/db-host>>
			ssm:/shop/db-host:3                                           | <<resolve:ssm:/shop/db-host:3>>
			ssm-secure:/shop/db-password:prod                             | <<resolve:ssm-secure:/shop/db-password:prod>>
			ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host:2 | <<resolve:ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host:2>>
			""")
	void textReturnsCanonicalForm(String body, String text) {
		SecretReference reference = ReferenceParser.parse(body);
		assertThat(reference.text()).isEqualTo(text);
		assertThat(reference).hasToString(text);
	}

	@ParameterizedTest
	@MethodSource("validBodies")
	void parseWhenTextOfParsedReferenceReturnsEqualReference(String body) {
		SecretReference reference = ReferenceParser.parse(body);
		String text = reference.text();
		String canonicalBody = text.substring(ReferenceSyntax.PREFIX.length(),
				text.length() - ReferenceSyntax.SUFFIX.length());
		assertThat(ReferenceParser.parse(canonicalBody)).isEqualTo(reference);
	}

	static Stream<String> validBodies() {
		return Stream.of("secretsmanager:MySecret", "secretsmanager:MySecret::::",
				"secretsmanager:MySecret:SecretString:password",
				"secretsmanager:MySecret:SecretString:password:AWSPREVIOUS",
				"secretsmanager:MySecret:SecretString:password::" + VERSION_ID,
				"secretsmanager:MySecret:SecretString::AWSPREVIOUS", "secretsmanager:MySecret::::" + VERSION_ID,
				"secretsmanager:" + SECRET_ARN + ":SecretString:password", "ssm:/shop/db-host",
				"ssm:/shop/db-host:3", "ssm-secure:/shop/db-host:prod", "ssm:" + PARAMETER_ARN,
				"ssm-secure:" + PARAMETER_ARN + ":7", "ssm-secure:/aws/reference/secretsmanager/a+b=c@d:AWSCURRENT");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			secretsmanager:MySecret                            | secretsmanager:MySecret::::
			secretsmanager:MySecret                            | secretsmanager:MySecret:SecretString
			secretsmanager:MySecret                            | secretsmanager:MySecret:SecretString:::
			secretsmanager:MySecret::password                  | secretsmanager:MySecret:SecretString:password
			secretsmanager:MySecret:SecretString:password      | secretsmanager:MySecret:SecretString:password::
			secretsmanager:MySecret:SecretString::AWSPREVIOUS  | secretsmanager:MySecret:::AWSPREVIOUS:
			""")
	void parseWhenEquivalentSpellingsReturnsEqualReferences(String body, String equivalentBody) {
		SecretReference reference = ReferenceParser.parse(body);
		SecretReference equivalent = ReferenceParser.parse(equivalentBody);
		assertThat(equivalent).isEqualTo(reference).hasSameHashCodeAs(reference);
		assertThat(equivalent.text()).isEqualTo(reference.text());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ssm:/shop/db-host        | ssm-secure:/shop/db-host
			ssm:/shop/db-host        | ssm:/shop/db-host:1
			ssm:/shop/db-host:prod   | ssm:/shop/db-host:Prod
			secretsmanager:MySecret  | secretsmanager:MySecret:SecretString::AWSCURRENT
			secretsmanager:MySecret:SecretString:password | secretsmanager:MySecret:SecretString:Password
			""")
	void parseWhenDifferentValuesReturnsDifferentReferences(String body, String otherBody) {
		assertThat(ReferenceParser.parse(otherBody)).isNotEqualTo(ReferenceParser.parse(body));
	}

	@Test
	void wholeSecretRemovesJsonKeyAndKeepsVersion() {
		SecretsManagerReference reference = (SecretsManagerReference) ReferenceParser
			.parse("secretsmanager:MySecret:SecretString:password:AWSPREVIOUS");
		assertThat(reference.isVersionPinned()).isTrue();
		assertThat(reference.wholeSecret())
			.isEqualTo(new SecretsManagerReference("MySecret", null, "AWSPREVIOUS", null));
	}

	@Test
	void wholeSecretWhenNoJsonKeyReturnsSameReference() {
		SecretsManagerReference reference = (SecretsManagerReference) ReferenceParser
			.parse("secretsmanager:MySecret::::" + VERSION_ID);
		assertThat(reference.isVersionPinned()).isTrue();
		assertThat(reference.wholeSecret()).isSameAs(reference);
	}

	@ParameterizedTest
	@MethodSource("malformedBodies")
	void parseWhenMalformedThrowsException(String body, String message) {
		assertThatExceptionOfType(InvalidReferenceException.class).isThrownBy(() -> ReferenceParser.parse(body))
			.withMessage(message);
	}

	static Stream<Arguments> malformedBodies() {
		return Stream.of(
				// service
				arguments("", "expected SERVICE:KEY after '<<resolve:'; services are " + SERVICES),
				arguments("ssm", "expected SERVICE:KEY after '<<resolve:'; services are " + SERVICES),
				arguments("/shop/db-host", "expected SERVICE:KEY after '<<resolve:'; services are " + SERVICES),
				arguments("KMS:AQIDBA==", "unknown service 'KMS'; supported services are " + SERVICES),
				arguments("SSM:/shop/db-host", "unknown service 'SSM'; supported services are " + SERVICES),
				arguments("SecretsManager:MySecret",
						"unknown service 'SecretsManager'; supported services are " + SERVICES),
				arguments(" ssm:/shop/db-host", "unknown service ' ssm'; supported services are " + SERVICES),
				arguments("ssm :/shop/db-host", "unknown service 'ssm '; supported services are " + SERVICES),
				arguments(":/shop/db-host", "unknown service ''; supported services are " + SERVICES),
				arguments("secrets-manager:MySecret",
						"unknown service 'secrets-manager'; supported services are " + SERVICES),
				// parameter name
				arguments("ssm:", "parameter name is empty"),
				arguments("ssm::3", "parameter name is empty"),
				arguments("ssm-secure:", "parameter name is empty"),
				arguments("ssm:/shop/db host", PARAMETER_NAME_CHARS),
				arguments("ssm: /shop/db-host", PARAMETER_NAME_CHARS),
				arguments("ssm:/shop/db+host", PARAMETER_NAME_CHARS),
				arguments("ssm:/shop/${APP_ENV}/db-host", PARAMETER_NAME_CHARS),
				arguments("ssm:/aws/reference/secretsmanager/my secret", PARAMETER_NAME_CHARS),
				arguments("ssm:/" + "a".repeat(2048), "parameter name is longer than 2048 characters"),
				// parameter segments and selector
				arguments("ssm:/shop/db-host:1:2", TOO_MANY_SSM_SEGMENTS),
				arguments("ssm:/shop/db-host::", TOO_MANY_SSM_SEGMENTS),
				arguments("ssm-secure:/shop/db-host:prod:1", TOO_MANY_SSM_SECURE_SEGMENTS),
				arguments("ssm:" + PARAMETER_ARN + ":1:2", TOO_MANY_SSM_SEGMENTS),
				arguments("ssm:/shop/db-host:", "version or label after ':' is empty"),
				arguments("ssm:" + PARAMETER_ARN + ":", "version or label after ':' is empty"),
				arguments("ssm:/shop/db-host:0", "parameter versions start at 1"),
				arguments("ssm-secure:/shop/db-host:000", "parameter versions start at 1"),
				arguments("ssm:/shop/db-host:1abc", "'1abc" + NOT_A_SELECTOR),
				arguments("ssm:/shop/db-host:1.5", "'1.5' is neither a version number nor a valid label "
						+ "(letters, digits, _ . -, at most 100 characters, not starting with a digit)"),
				arguments("ssm:/shop/db-host:pro d", "'pro d" + NOT_A_SELECTOR),
				arguments("ssm:/shop/db-host:a/b", "'a/b" + NOT_A_SELECTOR),
				arguments("ssm:/shop/db-host:" + "a".repeat(101), "'" + "a".repeat(101) + NOT_A_SELECTOR),
				// parameter ARN
				arguments("ssm:arn", PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:ssm:eu-west-1:123456789012", PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:secretsmanager:eu-west-1:123456789012:parameter/shop/db-host",
						PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:ssm::123456789012:parameter/shop/db-host", PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:ssm:eu-west-1:123456789012:document/shop", PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:ssm:eu-west-1:123456789012:parameters/shop", PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/", PARAMETER_ARN_FORM),
				arguments("ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db host", PARAMETER_NAME_CHARS),
				// secret segments
				arguments("secretsmanager:MySecret:SecretBinary",
						"'SecretBinary' is not supported after the secret id; only SecretString (or an empty segment) is"),
				arguments("secretsmanager:MySecret:secretstring:password",
						"'secretstring' is not supported after the secret id; only SecretString (or an empty segment) is"),
				arguments("secretsmanager:MySecret:SecretString:password:AWSPREVIOUS:" + VERSION_ID,
						"give a version stage or a version id, not both"),
				arguments("secretsmanager:MySecret:::AWSCURRENT:" + VERSION_ID,
						"give a version stage or a version id, not both"),
				arguments("secretsmanager:MySecret:SecretString:::abc", VERSION_ID_FORM),
				arguments("secretsmanager:MySecret:SecretString:::" + "a".repeat(31), VERSION_ID_FORM),
				arguments("secretsmanager:MySecret:SecretString:::" + "a".repeat(65), VERSION_ID_FORM),
				arguments("secretsmanager:MySecret:SecretString:::" + VERSION_ID.replace('-', '_'), VERSION_ID_FORM),
				arguments("secretsmanager:MySecret:SecretString::" + "S".repeat(257),
						"version stage is longer than 256 characters"),
				arguments("secretsmanager:MySecret:::::", TOO_MANY_SECRET_SEGMENTS),
				arguments("secretsmanager:MySecret:SecretString:password::" + VERSION_ID + ":extra",
						TOO_MANY_SECRET_SEGMENTS),
				arguments("secretsmanager:" + SECRET_ARN + ":::::", TOO_MANY_SECRET_SEGMENTS),
				// secret id
				arguments("secretsmanager:", "secret id is empty"),
				arguments("secretsmanager::SecretString:password", "secret id is empty"),
				arguments("secretsmanager:My Secret", SECRET_ID_CHARS),
				arguments("secretsmanager:My#Secret:SecretString:password", SECRET_ID_CHARS),
				arguments("secretsmanager:" + "a".repeat(2049), SECRET_ID_CHARS),
				// secret ARN
				arguments("secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret", SECRET_ARN_FORM),
				arguments("secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:", SECRET_ARN_FORM),
				arguments("secretsmanager:arn:aws:ssm:us-west-2:123456789012:secret:MySecret", SECRET_ARN_FORM),
				arguments("secretsmanager:arn:aws:secretsmanager::123456789012:secret:MySecret", SECRET_ARN_FORM),
				arguments("secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secrets:MySecret",
						SECRET_ARN_FORM),
				arguments("secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret/MySecret",
						SECRET_ARN_FORM),
				arguments("secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:My Secret",
						SECRET_ID_CHARS));
	}

	@Test
	void parseWhenSecretsManagerPassThroughHasVersionIdStartingWithDigitReturnsReference() {
		String versionId = "3f2c9a1e-5b7d-4c1a-9e2f-0123456789ab";
		SecretReference reference = ReferenceParser
			.parse("ssm-secure:/aws/reference/secretsmanager/MySecret:" + versionId);
		assertThat(reference).isEqualTo(new ParameterReference(ReferenceService.SSM_SECURE,
				"/aws/reference/secretsmanager/MySecret", versionId));
		assertThat(((ParameterReference) reference).nameWithSelector())
			.isEqualTo("/aws/reference/secretsmanager/MySecret:" + versionId);
	}

	@Test
	void parseWhenSecretsManagerPassThroughHasNoSecretIdThrowsException() {
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> ReferenceParser.parse("ssm-secure:/aws/reference/secretsmanager/"))
			.withMessage("secret id after /aws/reference/secretsmanager/ is empty");
	}

}
