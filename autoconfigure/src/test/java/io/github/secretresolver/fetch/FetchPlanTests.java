package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import io.github.secretresolver.fetch.FetchPlan.ParameterBatch;
import io.github.secretresolver.fetch.FetchPlan.SecretBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FetchPlan}.
 *
 * @author Secret Resolver contributors
 */
class FetchPlanTests {

	private static final String VERSION_ID = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";

	private static final String PARAMETER_ARN = "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-host";

	private static final String SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3";

	@Test
	void planWhenNoReferencesMakesNoCalls() {
		FetchPlan plan = FetchPlan.of(List.of());
		assertThat(plan.parameterBatches()).isEmpty();
		assertThat(plan.secretBatches()).isEmpty();
		assertThat(plan.callCount()).isZero();
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			1, 1
			10, 1
			11, 2
			23, 3
			""")
	void planWhenDistinctParameterNamesMakesOneCallPerTenNames(int names, int calls) {
		FetchPlan plan = FetchPlan.of(parameters("/p", names));
		assertThat(plan.parameterBatches()).hasSize(calls);
		assertThat(plan.secretBatches()).isEmpty();
		assertThat(plan.callCount()).isEqualTo(calls);
		assertThat(plan.parameterBatches()).allSatisfy((batch) -> {
			assertThat(batch.namesWithSelectors()).hasSizeLessThanOrEqualTo(10);
			assertThat(batch.region()).isEmpty();
		});
		assertThat(plan.parameterBatches().stream().flatMap((batch) -> batch.namesWithSelectors().stream()))
			.containsExactlyInAnyOrderElementsOf(names("/p", names));
	}

	@Test
	void planWhenTwentyThreeNamesMakesThreeCalls() {
		FetchPlan plan = FetchPlan.of(parameters("/p", 23));
		assertThat(plan.parameterBatches()).extracting((batch) -> batch.namesWithSelectors().size())
			.containsExactly(10, 10, 3);
		assertThat(plan.callCount()).isEqualTo(3);
	}

	@Test
	void planWhenSameNameIsReferencedAsSsmAndSsmSecureFetchesItOnce() {
		FetchPlan plan = FetchPlan.of(List.of(parse("ssm:/a"), parse("ssm-secure:/a"), parse("ssm:/a"),
				parse("ssm:/b:1"), parse("ssm-secure:/b:1")));
		assertThat(plan.parameterBatches()).singleElement()
			.satisfies((batch) -> assertThat(batch.namesWithSelectors()).containsExactly("/a", "/b:1"));
		assertThat(plan.callCount()).isOne();
	}

	@Test
	void planWhenSameParameterHasDifferentSelectorsNeverPutsThemInOneBatch() {
		FetchPlan plan = FetchPlan.of(List.of(parse("ssm:/a"), parse("ssm:/a:1"), parse("ssm:/a:stable")));
		assertThat(plan.parameterBatches()).extracting(ParameterBatch::namesWithSelectors)
			.containsExactlyInAnyOrder(List.of("/a"), List.of("/a:1"), List.of("/a:stable"));
		assertThat(plan.callCount()).isEqualTo(3);
	}

	@Test
	void planWhenSameParameterHasDifferentSelectorsStillFillsBatchesOfTenWithOtherNames() {
		List<SecretReference> references = new ArrayList<>(
				List.of(parse("ssm:/a"), parse("ssm:/a:1"), parse("ssm:/a:stable")));
		references.addAll(parameters("/p", 27));
		FetchPlan plan = FetchPlan.of(references);
		assertThat(plan.parameterBatches()).hasSize(3).allSatisfy((batch) -> {
			assertThat(batch.namesWithSelectors()).hasSize(10);
			assertThat(batch.namesWithSelectors()).filteredOn((name) -> name.equals("/a") || name.startsWith("/a:"))
				.hasSize(1);
		});
		assertThat(plan.parameterBatches().stream().flatMap((batch) -> batch.namesWithSelectors().stream()))
			.doesNotHaveDuplicates()
			.hasSize(30);
	}

	@Test
	void planWhenSameArnParameterHasDifferentSelectorsNeverPutsThemInOneBatch() {
		FetchPlan plan = FetchPlan.of(List.of(parse("ssm:" + PARAMETER_ARN), parse("ssm:" + PARAMETER_ARN + ":2"),
				parse("ssm:" + PARAMETER_ARN + ":prod")));
		assertThat(plan.parameterBatches()).hasSize(3)
			.allSatisfy((batch) -> assertThat(batch.namesWithSelectors()).hasSize(1));
	}

	@Test
	void planWhenParameterArnIsInAnotherRegionMakesSeparateBatchForThatRegion() {
		List<SecretReference> references = new ArrayList<>(parameters("/p", 3));
		references.add(parse("ssm:" + PARAMETER_ARN));
		references.add(parse("ssm-secure:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-password:2"));
		FetchPlan plan = FetchPlan.of(references);
		assertThat(plan.parameterBatches()).hasSize(2);
		assertThat(plan.parameterBatches()).filteredOn((batch) -> batch.region().isEmpty())
			.singleElement()
			.satisfies((batch) -> assertThat(batch.namesWithSelectors()).containsExactly("/p0", "/p1", "/p2"));
		assertThat(plan.parameterBatches()).filteredOn((batch) -> batch.region().isPresent())
			.singleElement()
			.satisfies((batch) -> {
				assertThat(batch.region()).contains("eu-west-1");
				assertThat(batch.namesWithSelectors()).containsExactly(PARAMETER_ARN,
						"arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-password:2");
			});
		assertThat(plan.callCount()).isEqualTo(2);
	}

	@Test
	void planWhenParameterArnsAreInTwoRegionsMakesOneBatchPerRegion() {
		FetchPlan plan = FetchPlan.of(List.of(parse("ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/a"),
				parse("ssm:arn:aws:ssm:us-east-1:123456789012:parameter/b")));
		assertThat(plan.parameterBatches()).extracting(ParameterBatch::region)
			.containsExactlyInAnyOrder(Optional.of("eu-west-1"), Optional.of("us-east-1"));
	}

	@Test
	void planWhenTwentyCurrentSecretsMakesOneCall() {
		FetchPlan plan = FetchPlan.of(secrets(20));
		assertThat(plan.secretBatches()).singleElement().satisfies((batch) -> {
			assertThat(batch.secrets()).hasSize(20);
			assertThat(batch.isSingle()).isFalse();
			assertThat(batch.region()).isEmpty();
		});
		assertThat(plan.parameterBatches()).isEmpty();
		assertThat(plan.callCount()).isOne();
	}

	@Test
	void planWhenTwentyOneCurrentSecretsMakesTwoCalls() {
		FetchPlan plan = FetchPlan.of(secrets(21));
		assertThat(plan.secretBatches()).extracting((batch) -> batch.secrets().size()).containsExactly(20, 1);
		assertThat(plan.secretBatches().get(0).isSingle()).isFalse();
		assertThat(plan.secretBatches().get(1).isSingle()).isTrue();
		assertThat(plan.callCount()).isEqualTo(2);
	}

	@Test
	void planWhenJsonKeysOfSameSecretFetchesWholeSecretOnce() {
		FetchPlan plan = FetchPlan.of(List.of(parse("secretsmanager:MySecret:SecretString:username"),
				parse("secretsmanager:MySecret:SecretString:password"), parse("secretsmanager:MySecret::password"),
				parse("secretsmanager:MySecret")));
		assertThat(plan.secretBatches()).singleElement().satisfies((batch) -> {
			assertThat(batch.secrets()).containsExactly(new SecretsManagerReference("MySecret", null, null, null));
			assertThat(batch.isSingle()).isTrue();
		});
		assertThat(plan.callCount()).isOne();
	}

	@Test
	void planWhenVersionIsPinnedMakesOneSingleCallPerPinnedSecret() {
		FetchPlan plan = FetchPlan.of(List.of(parse("secretsmanager:MySecret:SecretString:password:AWSPREVIOUS"),
				parse("secretsmanager:MySecret:SecretString:username:AWSPREVIOUS"),
				parse("secretsmanager:MySecret:SecretString:::" + VERSION_ID),
				parse("secretsmanager:Other:SecretString::AWSPENDING")));
		assertThat(plan.secretBatches()).hasSize(3).allSatisfy((batch) -> assertThat(batch.isSingle()).isTrue());
		assertThat(plan.secretBatches()).extracting((batch) -> batch.secrets().get(0))
			.containsExactlyInAnyOrder(new SecretsManagerReference("MySecret", null, "AWSPREVIOUS", null),
					new SecretsManagerReference("MySecret", null, null, VERSION_ID),
					new SecretsManagerReference("Other", null, "AWSPENDING", null));
		assertThat(plan.callCount()).isEqualTo(3);
	}

	@Test
	void planWhenPinnedAndCurrentVersionsOfSameSecretMakesSeparateCalls() {
		FetchPlan plan = FetchPlan.of(List.of(parse("secretsmanager:MySecret:SecretString:password"),
				parse("secretsmanager:MySecret:SecretString:password:AWSPREVIOUS")));
		assertThat(plan.secretBatches()).hasSize(2).allSatisfy((batch) -> assertThat(batch.isSingle()).isTrue());
		assertThat(plan.secretBatches()).extracting((batch) -> batch.secrets().get(0))
			.containsExactlyInAnyOrder(new SecretsManagerReference("MySecret", null, null, null),
					new SecretsManagerReference("MySecret", null, "AWSPREVIOUS", null));
		assertThat(plan.callCount()).isEqualTo(2);
	}

	@Test
	void planWhenSecretArnIsInAnotherRegionMakesSeparateBatchForThatRegion() {
		List<SecretReference> references = new ArrayList<>(secrets(2));
		references.add(parse("secretsmanager:" + SECRET_ARN + ":SecretString:password"));
		references.add(parse("secretsmanager:" + SECRET_ARN + ":SecretString:password:AWSPREVIOUS"));
		FetchPlan plan = FetchPlan.of(references);
		assertThat(plan.secretBatches()).extracting(SecretBatch::region)
			.containsExactlyInAnyOrder(Optional.empty(), Optional.of("us-west-2"), Optional.of("us-west-2"));
		assertThat(plan.secretBatches()).filteredOn((batch) -> batch.region().isEmpty())
			.singleElement()
			.satisfies((batch) -> assertThat(batch.secrets()).hasSize(2));
		assertThat(plan.callCount()).isEqualTo(3);
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			# ssm names, current secrets, pinned secrets
			0, 0, 1
			1, 1, 0
			10, 20, 0
			11, 21, 2
			23, 41, 3
			30, 60, 5
			""")
	void planWhenMixedReferencesMakesFewestCalls(int parameterCount, int currentCount, int pinnedCount) {
		List<SecretReference> references = new ArrayList<>(parameters("/p", parameterCount));
		references.addAll(secrets(currentCount));
		IntStream.range(0, pinnedCount)
			.mapToObj((i) -> parse("secretsmanager:pinned" + i + ":SecretString:key:AWSPREVIOUS"))
			.forEach(references::add);
		FetchPlan plan = FetchPlan.of(references);
		int expectedParameterCalls = ceilDiv(parameterCount, 10);
		int expectedSecretCalls = ceilDiv(currentCount, 20) + pinnedCount;
		assertThat(plan.parameterBatches()).hasSize(expectedParameterCalls);
		assertThat(plan.secretBatches()).hasSize(expectedSecretCalls);
		assertThat(plan.callCount()).isEqualTo(expectedParameterCalls + expectedSecretCalls);
	}

	@Test
	void planWhenKmsCiphertextsAreDistinctMakesOneDecryptEach() {
		FetchPlan plan = FetchPlan.of(List.of(parse("kms:AQIDBA=="), parse("kms:AQIDBA==:app=shop"),
				parse("kms:AQIDBA==:app=shop"), parse("kms:BQYHCA=="), parse("ssm:/shop/db-host")));
		assertThat(plan.kmsDecrypts()).hasSize(3);
		assertThat(plan.parameterBatches()).hasSize(1);
		assertThat(plan.callCount()).isEqualTo(4);
	}

	@Test
	void planWhenKmsKeyArnIsInAnotherRegionDecryptsThere() {
		FetchPlan plan = FetchPlan.of(
				List.of(parse("kms:AQIDBA==::arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")));
		assertThat(plan.kmsDecrypts()).singleElement()
			.satisfies((decrypt) -> assertThat(decrypt.region()).contains("eu-west-1"));
	}

	private static int ceilDiv(int dividend, int divisor) {
		return (dividend + divisor - 1) / divisor;
	}

	private static SecretReference parse(String body) {
		return ReferenceParser.parse(body);
	}

	private static List<String> names(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
	}

	private static List<SecretReference> parameters(String prefix, int count) {
		return names(prefix, count).stream().map((name) -> parse("ssm:" + name)).toList();
	}

	private static List<SecretReference> secrets(int count) {
		return IntStream.range(0, count).mapToObj((i) -> parse("secretsmanager:secret" + i)).toList();
	}

}
