package io.github.secretresolver.fetch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretresolver.fetch.FetchFailure.Kind;
import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.SecretReference;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AwsFetcher}, through {@link AwsClients} with a {@link FakeAwsClientFactory}.
 *
 * @author Secret Resolver contributors
 */
class AwsFetcherTests {

	private static final URI KMS_ENDPOINT = URI.create("https://kms.aws-fetcher-tests.example");

	private final FakeSsmClient ssm = new FakeSsmClient();

	private final FakeSecretsManagerClient secretsManager = new FakeSecretsManagerClient();

	private final FakeKmsClient kms = new FakeKmsClient(Region.US_EAST_1, KMS_ENDPOINT);

	private final FakeAwsClientFactory factory = new FakeAwsClientFactory(this.ssm, this.secretsManager, this.kms);

	private final AwsClients clients = new AwsClients(this.factory);

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void createWhenMaxConcurrencyIsBelowOneThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AwsFetcher(this.clients, 0, Budget.of(Duration.ofSeconds(1))))
			.withMessageContaining("maxConcurrency");
	}

	@Test
	void fetchWhenNoReferencesCreatesNoClientAndMakesNoCall() {
		assertThat(fetcher().fetch(List.of())).isEmpty();
		assertThat(this.clients.size()).isZero();
	}

	@Test
	void fetchWhenReferencesUseOneServiceCreatesOnlyItsClient() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 1);
		Map<SecretReference, FetchResult> results = fetcher().fetch(List.of(parse("ssm:/shop/host")));
		assertThat(results.get(parse("ssm:/shop/host")).value()).isEqualTo("db.internal");
		assertThat(this.factory.ssmRegions()).containsExactly(Optional.empty());
		assertThat(this.factory.secretsManagerRegions()).isEmpty();
		assertThat(this.factory.kmsRegions()).isEmpty();
	}

	@Test
	void fetchWhenMixedReferencesMakesExactlyThePlannedCalls() {
		List<SecretReference> references = new ArrayList<>();
		for (int i = 0; i < 22; i++) {
			this.ssm.withParameter("/count/p" + i, ParameterType.STRING, "value-" + i, 1);
			references.add(parse("ssm:/count/p" + i));
			references.add(parse("ssm:/count/p" + i));
		}
		this.ssm.withParameter("/count/key", ParameterType.SECURE_STRING, "key-value", 1);
		references.add(parse("ssm-secure:/count/key"));
		references.add(parse("ssm:/count/key"));
		for (int i = 0; i < 21; i++) {
			this.secretsManager.withSecret("count/s" + i, "{\"a\":\"a-" + i + "\",\"b\":\"b-" + i + "\"}");
			references.add(parse("secretsmanager:count/s" + i + ":SecretString:a"));
			references.add(parse("secretsmanager:count/s" + i + ":SecretString:b"));
		}
		this.secretsManager.withVersion("count/db", "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
				"{\"password\":\"previous\"}", "AWSPREVIOUS")
			.withVersion("count/db", "EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE", "{\"password\":\"current\"}",
					"AWSCURRENT");
		references.add(parse("secretsmanager:count/db:SecretString:password:AWSCURRENT"));
		references.add(parse("secretsmanager:count/db::password:AWSPREVIOUS"));
		String first = KmsDecryptorTests.uniqueCiphertext();
		String second = KmsDecryptorTests.uniqueCiphertext();
		this.kms.decryptingTo("decrypted".getBytes(StandardCharsets.UTF_8));
		references.add(parse("kms:" + first));
		references.add(parse("kms:" + first));
		references.add(parse("kms:" + second + ":app=shop"));
		Map<SecretReference, FetchResult> results = fetcher().fetch(references);
		assertThat(results).hasSize(22 + 2 + 42 + 2 + 2);
		assertThat(results.get(parse("ssm:/count/p21")).value()).isEqualTo("value-21");
		assertThat(results.get(parse("ssm-secure:/count/key")).value()).isEqualTo("key-value");
		assertThat(results.get(parse("ssm:/count/key")).failure().errorCode()).isEqualTo("SecureStringNotAllowed");
		assertThat(results.get(parse("secretsmanager:count/s20:SecretString:b")).value()).isEqualTo("b-20");
		assertThat(results.get(parse("secretsmanager:count/s0:SecretString:a")).value()).isEqualTo("a-0");
		assertThat(results.get(parse("secretsmanager:count/db::password:AWSPREVIOUS")).value()).isEqualTo("previous");
		assertThat(results.get(parse("secretsmanager:count/db::password:AWSCURRENT")).value()).isEqualTo("current");
		assertThat(results.get(parse("kms:" + second + ":app=shop")).value()).isEqualTo("decrypted");
		assertThat(results.values()).filteredOn((result) -> !result.isSuccess())
			.as("only the ssm reference to a SecureString fails")
			.hasSize(1);
		// 23 names in batches of 10; 21 current secrets as a batch of 20 plus a single one; 2
		// pinned versions; 2 distinct ciphertexts
		assertThat(this.ssm.getParametersNames()).extracting(List::size).containsExactlyInAnyOrder(10, 10, 3);
		assertThat(this.ssm.getParameterRequests()).isEmpty();
		assertThat(this.secretsManager.batchSecretIds()).singleElement().satisfies((ids) -> assertThat(ids).hasSize(20));
		assertThat(this.secretsManager.getSecretValueRequests()).hasSize(3);
		assertThat(this.kms.decryptRequests()).hasSize(2);
		assertThat(this.ssm.callCount() + this.secretsManager.callCount() + this.kms.decryptRequests().size())
			.isEqualTo(FetchPlan.of(references).callCount());
	}

	@Test
	void fetchReadsEveryJsonKeyOfASecretWithOneCall() {
		this.secretsManager.withSecret("shop/db",
				"{\"username\":\"shop\",\"password\":\"pw\",\"pool\":{\"max\":10},\"a.b\":\"dotted\"}");
		List<SecretReference> references = List.of(parse("secretsmanager:shop/db:SecretString:username"),
				parse("secretsmanager:shop/db:SecretString:password"), parse("secretsmanager:shop/db::pool.max"),
				parse("secretsmanager:shop/db::a.b"), parse("secretsmanager:shop/db"),
				parse("secretsmanager:shop/db:SecretString:missing"));
		Map<SecretReference, FetchResult> results = fetcher().fetch(references);
		assertThat(results.get(references.get(0)).value()).isEqualTo("shop");
		assertThat(results.get(references.get(1)).value()).isEqualTo("pw");
		assertThat(results.get(references.get(2)).value()).isEqualTo("10");
		assertThat(results.get(references.get(3)).value()).isEqualTo("dotted");
		assertThat(results.get(references.get(4)).value()).startsWith("{\"username\"");
		assertThat(results.get(references.get(5)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("JsonKeyNotFound");
			assertThat(failure.notFound()).isTrue();
		});
		assertThat(results.values()).extracting(FetchResult::version)
			.containsOnly(null, this.secretsManager.currentVersionId("shop/db"));
		assertThat(this.secretsManager.callCount()).isOne();
	}

	@Test
	void fetchWhenSecretFailsFailsEachOfItsJsonKeys() {
		List<SecretReference> references = List.of(parse("secretsmanager:shop/missing:SecretString:username"),
				parse("secretsmanager:shop/missing:SecretString:password"));
		Map<SecretReference, FetchResult> results = fetcher().fetch(references);
		assertThat(results.values()).extracting(FetchResult::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ResourceNotFoundException");
			assertThat(failure.notFound()).isTrue();
		});
		assertThat(this.secretsManager.callCount()).isOne();
	}

	@Test
	void fetchReturnsOneResultForEachDistinctReference() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 1);
		this.secretsManager.withSecret("shop/token", "token-1");
		List<SecretReference> references = List.of(parse("ssm:/shop/host"), parse("ssm:/shop/host"),
				parse("secretsmanager:shop/token"), parse("secretsmanager:shop/token::::"),
				parse("secretsmanager:shop/token"));
		Map<SecretReference, FetchResult> results = fetcher().fetch(references);
		assertThat(results).containsOnlyKeys(parse("ssm:/shop/host"), parse("secretsmanager:shop/token"));
		assertThat(results.get(parse("ssm:/shop/host")).value()).isEqualTo("db.internal");
		assertThat(results.get(parse("secretsmanager:shop/token")).value()).isEqualTo("token-1");
		assertThat(this.ssm.callCount()).isOne();
		assertThat(this.secretsManager.callCount()).isOne();
	}

	@Test
	void fetchWhenParameterIsReadAsSsmAndSsmSecureMakesOneRead() {
		this.ssm.withParameter("/shop/key", ParameterType.SECURE_STRING, "key-value", 2);
		Map<SecretReference, FetchResult> results = fetcher()
			.fetch(List.of(parse("ssm-secure:/shop/key"), parse("ssm:/shop/key")));
		assertThat(results.get(parse("ssm-secure:/shop/key")).value()).isEqualTo("key-value");
		assertThat(results.get(parse("ssm-secure:/shop/key")).version()).isEqualTo("2");
		assertThat(results.get(parse("ssm:/shop/key")).failure().errorCode()).isEqualTo("SecureStringNotAllowed");
		assertThat(this.ssm.getParametersNames()).containsExactly(List.of("/shop/key"));
	}

	@Test
	void fetchWhenCallsDoNotAnswerWithinTheBudgetFailsTheUnansweredReferencesWithTimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		this.ssm.answeringGetParameters((request) -> {
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				Thread.currentThread().interrupt();
			}
			return GetParametersResponse.builder().build();
		});
		this.secretsManager.withSecret("shop/token", "token-1");
		List<SecretReference> references = List.of(parse("ssm:/shop/host"), parse("ssm-secure:/shop/key:3"),
				parse("secretsmanager:shop/token"));
		AwsFetcher fetcher = new AwsFetcher(this.clients, 8, Budget.of(Duration.ofMillis(300)));
		try {
			long start = System.nanoTime();
			Map<SecretReference, FetchResult> results = fetcher.fetch(references);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).as("the budget and the second of grace the fetcher gives a call in flight")
				.isLessThan(Duration.ofSeconds(3));
			assertThat(results.get(references.get(2)).value()).isEqualTo("token-1");
			assertThat(List.of(results.get(references.get(0)), results.get(references.get(1))))
				.extracting(FetchResult::failure)
				.allSatisfy((failure) -> {
					assertThat(failure.errorCode()).isEqualTo("Timeout");
					assertThat(failure.message()).startsWith("AWS did not answer within");
					assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
				});
			awaitTrue(interrupted);
			assertThat(interrupted).as("the call still running is cancelled").isTrue();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void fetchRunsAtMostMaxConcurrencyCallsAtOnce() {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		this.ssm.answeringGetParameters((request) -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			inFlight.decrementAndGet();
			return GetParametersResponse.builder().invalidParameters(request.names()).build();
		});
		List<SecretReference> references = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			references.add(parse("ssm:/p" + i));
		}
		Map<SecretReference, FetchResult> results = new AwsFetcher(this.clients, 2, Budget.of(Duration.ofSeconds(10)))
			.fetch(references);
		assertThat(results.values()).allSatisfy((result) -> assertThat(result.failure().notFound()).isTrue());
		assertThat(this.ssm.getParametersRequests()).hasSize(5);
		assertThat(mostInFlight).hasValue(2);
	}

	@Test
	void fetchWhenReferenceNamesAnotherRegionUsesAClientOfThatRegion() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 1);
		this.secretsManager.withSecret("shop/db", "db");
		String westSecret = "arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/west-Ab12Cd";
		List<SecretReference> references = List.of(parse("ssm:/shop/host"),
				parse("ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/host"), parse("secretsmanager:shop/db"),
				parse("secretsmanager:" + westSecret + ":SecretString:password"));
		fetcher().fetch(references);
		assertThat(this.factory.ssmRegions()).containsExactlyInAnyOrder(Optional.empty(), Optional.of(Region.EU_WEST_1));
		assertThat(this.factory.secretsManagerRegions()).containsExactlyInAnyOrder(Optional.empty(),
				Optional.of(Region.US_WEST_2));
		assertThat(this.ssm.getParametersNames()).containsExactlyInAnyOrder(List.of("/shop/host"),
				List.of("arn:aws:ssm:eu-west-1:123456789012:parameter/shop/host"));
		assertThat(this.secretsManager.getSecretValueIds()).containsExactlyInAnyOrder("shop/db", westSecret);
	}

	@Test
	void fetchWhenNoRegionIsConfiguredFailsTheReferencesOfThatServiceOnlyAndDoesNotRetry() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 1);
		AwsClients failingClients = new AwsClients(new AwsClientFactory() {

			@Override
			public SsmClient createSsmClient(@Nullable Region region) {
				return AwsFetcherTests.this.ssm;
			}

			@Override
			public SecretsManagerClient createSecretsManagerClient(@Nullable Region region) {
				throw SdkClientException.create("Unable to load region from any of the providers in the chain");
			}

			@Override
			public KmsClient createKmsClient(@Nullable Region region) {
				throw SdkClientException.create("Unable to load region from any of the providers in the chain");
			}

		});
		List<SecretReference> references = List.of(parse("ssm:/shop/host"), parse("secretsmanager:shop/db"),
				parse("secretsmanager:shop/db:SecretString:password:AWSPREVIOUS"),
				parse("kms:" + KmsDecryptorTests.uniqueCiphertext()));
		Map<SecretReference, FetchResult> results = new AwsFetcher(failingClients, 8, Budget.of(Duration.ofSeconds(10)))
			.fetch(references);
		assertThat(results.get(references.get(0)).value()).isEqualTo("db.internal");
		assertThat(List.of(results.get(references.get(1)), results.get(references.get(2)), results.get(references.get(3))))
			.extracting(FetchResult::failure)
			.allSatisfy((failure) -> {
				assertThat(failure.errorCode()).isEqualTo("NoRegion");
				assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
			});
	}

	@Test
	void fetchWhenThrottledStaysInThePrimaryRegionWhileAServerErrorFailsOver() {
		List<SecretReference> references = List.of(parse("secretsmanager:shop/db"));
		FailoverPolicy policy = new FailoverPolicy(List.of("eu-west-1"), false, 1);
		this.secretsManager.withSecret("shop/db", "db").answeringGetSecretValue((request) -> {
			throw AwsErrors.throttling();
		});
		Map<SecretReference, FetchResult> throttled = new AwsFetcher(this.clients, 8,
				Budget.of(Duration.ofMillis(1500)), policy, LogFactory.getLog(getClass()))
			.fetch(references);
		assertThat(throttled.get(references.get(0)).failure().errorCode()).isEqualTo("ThrottlingException");
		assertThat(this.factory.secretsManagerRegions()).as("a busy Region is not failed over from")
			.containsOnly(Optional.empty());
		this.secretsManager.answeringGetSecretValue((request) -> {
			throw AwsErrors.serviceUnavailable();
		});
		new AwsFetcher(this.clients, 8, Budget.of(Duration.ofMillis(1500)), policy, LogFactory.getLog(getClass()))
			.fetch(references);
		assertThat(this.factory.secretsManagerRegions()).contains(Optional.of(Region.EU_WEST_1));
	}

	@Test
	void fetchWhenParameterIsReferencedByNameAndByArnReadsEachVersion() {
		this.ssm.withParameter("/shop/flags", ParameterType.STRING, "v1", 1, "/shop/flags:1")
			.withParameter("/shop/flags", ParameterType.STRING, "v2", 2, "/shop/flags:2")
			.rejectingArnsInBatches();
		String arn = FakeSsmClient.arnOf("/shop/flags");
		List<SecretReference> references = List.of(parse("ssm:/shop/flags"), parse("ssm:" + arn + ":1"));
		Map<SecretReference, FetchResult> results = fetcher().fetch(references);
		assertThat(results.get(references.get(0)).value()).isEqualTo("v2");
		assertThat(results.get(references.get(1)).value()).isEqualTo("v1");
	}

	@Test
	void fetchDecryptsEachCiphertextOncePerJvmAcrossFetchersAndClients() {
		String ciphertext = KmsDecryptorTests.uniqueCiphertext();
		this.kms.decryptingTo("decrypted".getBytes(StandardCharsets.UTF_8));
		FakeKmsClient laterKms = new FakeKmsClient(Region.US_EAST_1, KMS_ENDPOINT)
			.decryptingTo("decrypted".getBytes(StandardCharsets.UTF_8));
		try (AwsClients laterClients = new AwsClients(
				new FakeAwsClientFactory(new FakeSsmClient(), new FakeSecretsManagerClient(), laterKms))) {
			assertThat(fetcher().fetch(List.of(parse("kms:" + ciphertext))).get(parse("kms:" + ciphertext)).value())
				.isEqualTo("decrypted");
			assertThat(new AwsFetcher(laterClients, 8, Budget.of(Duration.ofSeconds(10))).fetch(List.of(parse("kms:" + ciphertext)))
				.get(parse("kms:" + ciphertext))
				.value()).isEqualTo("decrypted");
		}
		assertThat(this.kms.decryptRequests()).hasSize(1);
		assertThat(laterKms.decryptRequests()).isEmpty();
	}

	@Test
	void closingTheClientsClosesEveryClientCreated() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 1);
		fetcher().fetch(List.of(parse("ssm:/shop/host"), parse("secretsmanager:shop/db")));
		this.clients.close();
		assertThat(this.ssm.isClosed()).isTrue();
		assertThat(this.secretsManager.isClosed()).isTrue();
		assertThat(this.kms.isClosed()).as("never created").isFalse();
	}

	private AwsFetcher fetcher() {
		return new AwsFetcher(this.clients, 8, Budget.of(Duration.ofSeconds(10)));
	}

	private static SecretReference parse(String body) {
		return ReferenceParser.parse(body);
	}

	private static void awaitTrue(AtomicBoolean flag) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!flag.get() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

}
