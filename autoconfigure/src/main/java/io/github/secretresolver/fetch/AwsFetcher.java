package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.github.resilience4j.core.IntervalFunction;
import io.github.secretresolver.fetch.FetchPlan.KmsDecrypt;
import io.github.secretresolver.fetch.FetchPlan.ParameterBatch;
import io.github.secretresolver.fetch.FetchPlan.ParameterRead;
import io.github.secretresolver.fetch.FetchPlan.SecretBatch;
import io.github.secretresolver.fetch.ParameterStoreFetcher.RawParameter;
import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * {@link Fetcher} that reads references from AWS (and decrypts KMS references) with the fewest
 * calls the APIs allow, concurrently, and through throttling, server errors and network errors:
 * <ul>
 * <li>A call that fails for a transient reason (throttling, HTTP 5xx, timeouts, network and clock
 * skew errors) is tried again, with exponential backoff and full jitter, for as long as the
 * {@link Budget} allows: until AWS has given no answer at all for a while, or the total runs out.
 * A permanent failure (not found, access denied, validation, decryption) is never tried again.
 * The AWS SDK's own retries are off, so attempts never multiply.</li>
 * <li>Calls to a service in a Region are paced by an {@link AdaptiveRateLimiter} once it
 * throttles, so this JVM's concurrent calls stop hammering a shared quota; a throttled call is
 * tried again when its turn comes at the lowered rate.</li>
 * <li>After {@link FailoverPolicy#afterFailures() a few} transient failures in a row, calls move
 * to the next failover Region, where Secrets Manager replicas and multi-Region KMS keys answer
 * (and Parameter Store, where the application replicates parameters itself and opted in).</li>
 * </ul>
 * A healthy fetch makes exactly the planned calls with no added wait. Every failure is a result:
 * it never throws. Thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class AwsFetcher implements Fetcher {

	private static final Log defaultLogger = LogFactory.getLog(AwsFetcher.class);

	/**
	 * Backoff between attempts after transient failures other than throttling (throttled calls are
	 * paced by the service's {@link AdaptiveRateLimiter} instead): full jitter, on average 100 ms,
	 * doubling, at most 20 s.
	 */
	private static final IntervalFunction FAILURE_BACKOFF = IntervalFunction.ofExponentialRandomBackoff(50, 2.0, 1.0,
			20_000);

	private final AwsClients clients;

	private final int maxConcurrency;

	private final Budget budget;

	private final FailoverPolicy failover;

	private final Map<String, AdaptiveRateLimiter> limiters;

	private final Log logger;

	/**
	 * Create a new fetcher without failover.
	 * @param clients the AWS clients to use
	 * @param maxConcurrency the most AWS calls in flight at once
	 * @param budget how long one {@link #fetch} may go on through transient failures
	 */
	public AwsFetcher(AwsClients clients, int maxConcurrency, Budget budget) {
		this(clients, maxConcurrency, budget, FailoverPolicy.NONE, defaultLogger);
	}

	/**
	 * Create a new fetcher.
	 * @param clients the AWS clients to use
	 * @param maxConcurrency the most AWS calls in flight at once
	 * @param budget how long one {@link #fetch} may go on through transient failures
	 * @param failover where to fetch when the Region of a reference keeps failing
	 * @param logger where to say, once, that a batch action is not allowed and single reads are used
	 * instead
	 */
	public AwsFetcher(AwsClients clients, int maxConcurrency, Budget budget, FailoverPolicy failover, Log logger) {
		this(clients, maxConcurrency, budget, failover, logger, new ConcurrentHashMap<>());
	}

	private AwsFetcher(AwsClients clients, int maxConcurrency, Budget budget, FailoverPolicy failover, Log logger,
			Map<String, AdaptiveRateLimiter> limiters) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("'maxConcurrency' must be at least 1");
		}
		this.clients = clients;
		this.maxConcurrency = maxConcurrency;
		this.budget = budget;
		this.failover = failover;
		this.logger = logger;
		this.limiters = limiters;
	}

	/**
	 * Return a fetcher with another budget (a refresh's, for example) that shares this one's clients
	 * and its pacing of throttled services.
	 * @param budget the budget
	 * @return the fetcher
	 */
	public AwsFetcher withBudget(Budget budget) {
		return new AwsFetcher(this.clients, this.maxConcurrency, budget, this.failover, this.logger, this.limiters);
	}

	@Override
	public Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		if (references.isEmpty()) {
			return Map.of();
		}
		FetchPlan plan = FetchPlan.of(references);
		Progress progress = new Progress(this.budget, System::nanoTime);
		List<Unit> units = new ArrayList<>();
		plan.parameterBatches().forEach((batch) -> units.add(() -> fetchParameters(batch, progress)));
		plan.secretBatches().forEach((batch) -> units.add(() -> fetchSecrets(batch, progress)));
		plan.kmsDecrypts().forEach((decrypt) -> units.add(() -> decrypt(decrypt, progress)));
		Fetched fetched = new Fetched();
		run(units, progress, fetched);
		fetched.fillMissing(plan, () -> FetchFailure.error("Timeout", "AWS did not answer within the budget ("
				+ progress.elapsedMillis() + " ms; secret-resolver.startup-timeout, startup-max-duration)"));
		Map<SecretReference, FetchResult> results = new HashMap<>();
		for (SecretReference reference : references) {
			results.computeIfAbsent(reference, fetched::resultFor);
		}
		return results;
	}

	private Recording fetchParameters(ParameterBatch batch, Progress progress) {
		Map<ParameterRead, Answer<RawParameter>> answers = withRetries(ReferenceService.SSM, batch.region(),
				batch.reads(), progress, (region, reads) -> {
					SsmClient client = this.clients.ssm(region);
					String searched = Failures.searchedIn(client);
					Map<ParameterRead, ParameterRead> inRegion = new HashMap<>();
					reads.forEach((read) -> inRegion.put(read, (region.equals(batch.region())) ? read : read.inRegion(region)));
					Map<ParameterRead, RawParameter> raw = ParameterStoreFetcher.fetchBatch(client,
							List.copyOf(inRegion.values()), this.logger);
					Map<ParameterRead, RawParameter> located = new HashMap<>();
					inRegion.forEach((read, asked) -> located.put(read, raw.get(asked).searchedIn(searched)));
					return located;
				}, RawParameter::failure);
		return (fetched) -> answers.forEach((read, answer) -> fetched.parameters.put(new RegionalRead(batch.region(), read),
				answer));
	}

	private Recording fetchSecrets(SecretBatch batch, Progress progress) {
		Map<SecretsManagerReference, Answer<FetchResult>> answers = withRetries(ReferenceService.SECRETS_MANAGER,
				batch.region(), batch.secrets(), progress, (region, secrets) -> {
					SecretsManagerClient client = this.clients.secretsManager(region);
					Map<SecretsManagerReference, SecretsManagerReference> inRegion = new HashMap<>();
					secrets.forEach((secret) -> inRegion.put(secret,
							(region.equals(batch.region())) ? secret : secret.inRegion(region.orElseThrow())));
					List<SecretsManagerReference> asked = List.copyOf(inRegion.values());
					Map<SecretsManagerReference, FetchResult> results = (asked.size() == 1)
							? Map.of(asked.get(0), SecretsManagerFetcher.fetchOne(client, asked.get(0)))
							: SecretsManagerFetcher.fetchCurrentBatch(client, asked, this.logger);
					String searched = Failures.searchedIn(client);
					Map<SecretsManagerReference, FetchResult> located = new HashMap<>();
					inRegion.forEach((secret, inIt) -> located.put(secret, results.get(inIt).searchedIn(searched)));
					return located;
				}, FetchResult::failure);
		return (fetched) -> answers.forEach(fetched.secrets::put);
	}

	private Recording decrypt(KmsDecrypt decrypt, Progress progress) {
		KmsReference reference = decrypt.reference();
		ReferenceService service = reference.isMultiRegionKey() ? ReferenceService.KMS : null;
		Map<KmsReference, Answer<FetchResult>> answers = withRetries(service, decrypt.region(), List.of(reference),
				progress, (region, references) -> {
					KmsReference inRegion = (region.equals(decrypt.region())) ? reference
							: reference.inRegion(region.orElseThrow());
					FetchResult result;
					try {
						result = KmsDecryptor.decrypt(this.clients.kms(region), inRegion);
					}
					catch (RuntimeException ex) {
						result = FetchResult.failure(Failures.from(ex));
					}
					return Map.of(reference, result);
				}, FetchResult::failure);
		return (fetched) -> answers.forEach(fetched.decrypted::put);
	}

	/**
	 * Make one call for every key and keep trying, within the budget, for the keys whose result is
	 * a transient failure; move to the next failover Region after a few transient failures in a
	 * row.
	 * @param service the service, for the failover policy; {@code null} for no failover
	 * @param primary the Region the keys were planned for
	 * @param keys what the call fetches
	 * @param progress the fetch's progress against its budget
	 * @param call makes one call for some keys in a Region; never throws
	 * @param failure the failure of a result, or {@code null} if it holds a value
	 * @return the final result of every key, with the failover Region that gave it
	 */
	private <K, V> Map<K, Answer<V>> withRetries(@Nullable ReferenceService service, Optional<String> primary,
			List<K> keys, Progress progress, BiFunction<Optional<String>, List<K>, Map<K, V>> call,
			Function<V, @Nullable FetchFailure> failure) {
		Map<K, Answer<V>> answers = new HashMap<>();
		List<Optional<String>> regions = this.failover.regions(service, primary);
		List<K> pending = keys;
		int regionIndex = 0;
		int attempt = 0;
		int failuresInARow = 0;
		while (true) {
			Optional<String> region = regions.get(regionIndex);
			AdaptiveRateLimiter limiter = limiter(service, region);
			long wait = limiter.reserve();
			if (wait > 0 && !sleep(wait, progress)) {
				return answers;
			}
			Map<K, V> results = call.apply(region, pending);
			List<K> retry = new ArrayList<>();
			boolean answered = false;
			boolean throttled = false;
			String failoverRegion = (regionIndex > 0) ? region.orElse(null) : null;
			for (K key : pending) {
				V result = results.get(key);
				FetchFailure cause = failure.apply(result);
				answers.put(key, new Answer<>(result, failoverRegion));
				if (cause != null && cause.isTransient()) {
					retry.add(key);
					throttled |= Failures.isThrottling(cause.errorCode());
				}
				else {
					answered = true;
				}
			}
			if (answered) {
				progress.answered();
				limiter.answered();
			}
			if (throttled) {
				limiter.throttled();
			}
			if (retry.isEmpty()) {
				return answers;
			}
			attempt++;
			failuresInARow++;
			if (failuresInARow >= this.failover.afterFailures() && regionIndex < regions.size() - 1) {
				regionIndex++;
				failuresInARow = 0;
			}
			if (!throttled) {
				// a throttled call waits for its turn at the lowered rate instead (above)
				long backoff = TimeUnit.MILLISECONDS.toNanos(FAILURE_BACKOFF.apply(attempt));
				if (!sleep(backoff, progress)) {
					return answers;
				}
			}
			pending = retry;
		}
	}

	/**
	 * Wait before the next attempt, if the budget allows it.
	 * @return whether the next attempt may be made
	 */
	private static boolean sleep(long nanos, Progress progress) {
		if (!progress.allows(nanos)) {
			return false;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private AdaptiveRateLimiter limiter(@Nullable ReferenceService service, Optional<String> region) {
		String lane = ((service != null) ? service.id() : "kms") + "|" + region.orElse("");
		return this.limiters.computeIfAbsent(lane, (key) -> new AdaptiveRateLimiter());
	}

	/**
	 * Run the units on their own threads, recording each unit's results on this thread. Units still
	 * running when the budget ends (an attempt in flight) are cancelled; their keys are then filled
	 * with a timeout failure.
	 */
	private void run(List<Unit> units, Progress progress, Fetched fetched) {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(this.maxConcurrency, units.size()),
				fetchThreads());
		try {
			List<Future<Recording>> futures = units.stream().map((unit) -> executor.submit(unit::run)).toList();
			for (Future<Recording> future : futures) {
				long wait = Math.max(0, progress.deadline() - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1);
				try {
					future.get(wait, TimeUnit.NANOSECONDS).record(fetched);
				}
				catch (TimeoutException | CancellationException ex) {
					future.cancel(true);
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException("Unexpected failure while fetching from AWS", ex.getCause());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ThreadFactory fetchThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("secret-resolver-fetch-");
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * The work of one planned call, retries included, done on a fetch thread.
	 */
	@FunctionalInterface
	private interface Unit {

		Recording run();

	}

	/**
	 * Records a unit's results; run on the calling thread.
	 */
	@FunctionalInterface
	private interface Recording {

		void record(Fetched fetched);

	}

	/**
	 * A final result, with the failover Region that gave it ({@code null} for the planned one).
	 */
	private record Answer<V>(V result, @Nullable String failoverRegion) {
	}

	/**
	 * What the calls of one {@link #fetch} returned, keyed as the calls were made. Only the
	 * calling thread writes to it.
	 */
	private static final class Fetched {

		private final Map<RegionalRead, Answer<RawParameter>> parameters = new HashMap<>();

		private final Map<SecretsManagerReference, Answer<FetchResult>> secrets = new HashMap<>();

		private final Map<KmsReference, Answer<FetchResult>> decrypted = new HashMap<>();

		void fillMissing(FetchPlan plan, java.util.function.Supplier<FetchFailure> failure) {
			plan.parameterBatches()
				.forEach((batch) -> batch.reads()
					.forEach((read) -> this.parameters.putIfAbsent(new RegionalRead(batch.region(), read),
							new Answer<>(RawParameter.failed(failure.get()), null))));
			plan.secretBatches()
				.forEach((batch) -> batch.secrets()
					.forEach((secret) -> this.secrets.putIfAbsent(secret,
							new Answer<>(FetchResult.failure(failure.get()), null))));
			plan.kmsDecrypts()
				.forEach((decrypt) -> this.decrypted.putIfAbsent(decrypt.reference(),
						new Answer<>(FetchResult.failure(failure.get()), null)));
		}

		FetchResult resultFor(SecretReference reference) {
			if (reference instanceof ParameterReference parameter) {
				Answer<RawParameter> raw = this.parameters
					.get(new RegionalRead(parameter.arnRegion(), ParameterRead.of(parameter)));
				return ParameterStoreFetcher.resultFor(parameter, raw.result()).servedFrom(raw.failoverRegion());
			}
			if (reference instanceof KmsReference kms) {
				Answer<FetchResult> decrypted = this.decrypted.get(kms);
				return decrypted.result().servedFrom(decrypted.failoverRegion());
			}
			SecretsManagerReference secret = (SecretsManagerReference) reference;
			Answer<FetchResult> whole = this.secrets.get(secret.wholeSecret());
			FetchResult result = (secret.jsonKey() != null) ? JsonKeyExtractor.extract(whole.result(), secret.jsonKey())
					: whole.result();
			return result.servedFrom(whole.failoverRegion());
		}

	}

	/**
	 * A parameter read in a Region: the key of its result.
	 */
	private record RegionalRead(Optional<String> region, ParameterRead read) {
	}

}
