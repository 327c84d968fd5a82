package io.github.secretresolver.autoconfigure;

import java.util.List;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretResolutionFailureAnalyzer}.
 *
 * @author Secret Resolver contributors
 */
class SecretResolutionFailureAnalyzerTests {

	private static final String PARAMETER_NOT_FOUND_FIX = "Create the parameter (aws ssm put-parameter), correct its "
			+ "name or Region, or make the reference optional with '|default=VALUE' before '>>'.";

	private static final String ACCESS_DENIED_FIX = "Allow the application's IAM principal ssm:GetParameters and "
			+ "ssm:GetParameter (parameter ARNs, and single reads where GetParameters is refused), with kms:Decrypt "
			+ "for SecureString; secretsmanager:GetSecretValue (and optionally secretsmanager:BatchGetSecretValue); "
			+ "and kms:Decrypt for kms references, on the resources.";

	private static final String INVALID_REFERENCE_FIX = "Correct the reference syntax:";

	private static final String UNKNOWN_FIX = "ValidationException: see the error message above; "
			+ "docs/troubleshooting.md explains every error code, its usual causes and fix (linked from the README "
			+ "section 'Troubleshooting').";

	private static final String THROTTLING_FIX = "AWS throttled the calls for longer than startup allows: raise "
			+ "secret-resolver.startup-max-duration, enable Parameter Store's higher throughput, or start fewer "
			+ "instances at once (docs/operations.md, 'Fleets that start together').";

	private static final List<ResolutionError> ERRORS = List.of(
			new ResolutionError("spring.datasource.password", "class path resource [application.properties] - 3:30",
					"<<resolve:ssm-secure:/shop/db-password>>", "ParameterNotFound",
					"Parameter /shop/db-password not found"),
			new ResolutionError("spring.datasource.username", "class path resource [application.properties] - 4:30",
					"<<resolve:ssm:/shop/db-user>>", "ParameterNotFound", "Parameter /shop/db-user not found"),
			new ResolutionError("shop.api-key", "System Environment Property \"SHOP_API_KEY\"",
					"<<resolve:secretsmanager:ApiKeys:SecretString:shop>>", "AccessDeniedException",
					"User is not authorized to perform secretsmanager:BatchGetSecretValue"),
			new ResolutionError("shop.token", null, "<<resolve:secretsmanager:Tokens>>", "AccessDenied",
					"Access denied"),
			new ResolutionError("shop.url", "class path resource [application.yml] - 7:10", "<<resolve:kms:alias/x>>",
					"InvalidReference", "unknown service 'kms'; supported services are ssm, ssm-secure, secretsmanager"),
			new ResolutionError("shop.rate", "class path resource [application.yml] - 8:10", "<<resolve:ssm:/shop/rate>>",
					"ValidationException", "1 validation error detected"));

	private final SecretResolutionFailureAnalyzer analyzer = new SecretResolutionFailureAnalyzer();

	@Test
	void analyzeDescribesEveryError() {
		FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(ERRORS));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.startsWith("6 AWS reference(s) in the configuration could not be resolved:");
		for (ResolutionError error : ERRORS) {
			assertThat(analysis.getDescription()).contains("Property:  " + error.property())
				.contains("Reference: " + error.reference())
				.contains("Error:     " + error.errorCode() + ": " + error.message());
			if (error.origin() != null) {
				assertThat(analysis.getDescription()).contains("Origin:    " + error.origin());
			}
		}
	}

	@Test
	void analyzeWhenOriginIsUnknownOmitsOriginLine() {
		FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(List.of(ERRORS.get(3))));
		assertThat(analysis.getDescription()).contains("Property:  shop.token")
			.doesNotContain("Origin:")
			.doesNotContain("null");
	}

	@Test
	void analyzeListsEachDistinctFixOnce() {
		FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(ERRORS));
		String action = analysis.getAction();
		assertThat(StringUtils.countOccurrencesOf(action, PARAMETER_NOT_FOUND_FIX)).isOne();
		assertThat(StringUtils.countOccurrencesOf(action, ACCESS_DENIED_FIX)).isOne();
		assertThat(StringUtils.countOccurrencesOf(action, INVALID_REFERENCE_FIX)).isOne();
		assertThat(StringUtils.countOccurrencesOf(action, UNKNOWN_FIX)).isOne();
		assertThat(action.lines().toList()).satisfiesExactly(
				(line) -> assertThat(line).isEqualTo("- " + PARAMETER_NOT_FOUND_FIX),
				(line) -> assertThat(line).isEqualTo("- " + ACCESS_DENIED_FIX),
				(line) -> assertThat(line).startsWith("- " + INVALID_REFERENCE_FIX),
				(line) -> assertThat(line).isEqualTo("- " + UNKNOWN_FIX));
	}

	@Test
	void analyzeWhenErrorCodeStartsWithAccessDeniedSuggestsIamFix() {
		FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(List.of(ERRORS.get(3))));
		assertThat(analysis.getAction()).isEqualTo("- " + ACCESS_DENIED_FIX);
	}

	@Test
	void analyzeWhenErrorCodeIsUnknownSuggestsGenericFixNamingCode() {
		FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(List.of(ERRORS.get(5))));
		assertThat(analysis.getAction()).isEqualTo("- " + UNKNOWN_FIX);
	}

	@Test
	void analyzeWhenThrottledSuggestsFleetSettingsForEveryThrottlingCode() {
		for (String code : List.of("ThrottlingException", "TooManyRequestsException", "Http429")) {
			FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(List
				.of(new ResolutionError("shop.rate", null, "<<resolve:ssm:/shop/rate>>", code, "Rate exceeded"))));
			assertThat(analysis.getAction()).isEqualTo("- " + THROTTLING_FIX);
		}
	}

	@Test
	void analyzeWhenServerKeepsFailingSuggestsFailover() {
		FailureAnalysis analysis = this.analyzer.analyze(new SecretResolutionException(
				List.of(new ResolutionError("shop.rate", null, "<<resolve:ssm:/shop/rate>>", "Http502", "AWS answered HTTP 502"))));
		assertThat(analysis.getAction()).startsWith("- Http502: AWS (or a proxy in between) kept failing")
			.contains("secret-resolver.failover.regions");
	}

	@Test
	void analyzeKeepsCause() {
		SecretResolutionException exception = new SecretResolutionException(ERRORS);
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("wrapper", exception));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(exception);
	}

	@Test
	void analyzeWhenOtherFailureReturnsNull() {
		assertThat(this.analyzer.analyze(new IllegalStateException("other"))).isNull();
	}

}
