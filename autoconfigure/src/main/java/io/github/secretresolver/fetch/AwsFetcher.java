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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * {@link Fetcher} that reads references from AWS (and decrypts KMS references) with the fewest
 * calls the APIs allow, concurrently, and through throttling, server errors and network errors:
 * <ul>
 * <li>A call that fails for a transient reason (throttling, HTTP 5xx, timeouts, network and clock
 * skew errors) is tried again, with exponential backoff and full jitter, for as long as the
 * {@link Budget} allows: until AWS has given no answer at all for a while (a throttled call is an
 * answer: AWS is there and busy), or the total runs out.
 * A permanent failure (not found, access denied, validation, decryption) is never tried again.
 * The AWS SDK's own retries are off, so attempts never multiply.</li>
 * <li>Calls to a service in a Region are paced by an {@link AdaptivePacer}: a window of calls in
 * flight that starts small and grows with every answer, and a rate once the service throttles, so
 * this JVM's concurrent calls never flood a shared quota; a throttled call is tried again when its
 * turn comes at the lowered rate.</li>
 * <li>After {@link FailoverPolicy#afterFailures() a few} transient failures in a row, calls move
 * to the next failover Region, where Secrets Manager replicas and multi-Region KMS keys answer
 * (and Parameter Store, where the application replicates parameters itself and opted in).</li>
 * </ul>
 * A healthy fetch makes exactly the planned calls; it waits only where a service has more
 * calls than its window allows before the first answers (a round trip per doubling). Every failure is a result:
 * it never throws. Thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class AwsFetcher implements Fetcher {

	private static final Log defaultLogger = LogFactory.getLog(AwsFetcher.class);

	/**
	 * Backoff between attempts after transient failures other than throttling (throttled calls are
	 * paced by the service's {@link AdaptivePacer} instead): full jitter, on average 100 ms,
	 * doubling, at most 20 s.
	 */
	private static final IntervalFunction FAILURE_BACKOFF = IntervalFunction.ofExponentialRandomBackoff(50, 2.0, 1.0,
			20_000);

	/**
	 * How long past the budget's end a call in flight may still finish before it is cancelled.
	 */
	private static final long GRACE = TimeUnit.SECONDS.toNanos(1);

	private final AwsClients clients;

	private final int maxConcurrency;

	private final Budget budget;

	private final FailoverPolicy failover;

	private final Map<String, AdaptivePacer> pacers;

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
			Map<String, AdaptivePacer> pacers) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("'maxConcurrency' must be at least 1");
		}
		this.clients = clients;
		this.maxConcurrency = maxConcurrency;
		this.budget = budget;
		this.failover = failover;
		this.logger = logger;
		this.pacers = pacers;
	}

	/**
	 * Return a fetcher with another budget (a refresh's, for example) that shares this one's clients
	 * and its pacing of throttled services.
	 * @param budget the budget
	 * @return the fetcher
	 */
	public AwsFetcher withBudget(Budget budget) {
		return new AwsFetcher(this.clients, this.maxConcurrency, budget, this.failover, this.logger, this.pacers);
	}

	@Override
	public Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		if (references.isEmpty()) {
			return Map.of();
		}
		FetchPlan plan = FetchPlan.of(references, this.clients::configuredRegion);
		Progress progress = new Progress(this.budget, System::nanoTime);
		List<Unit> parameters = plan.parameterBatches()
			.stream()
			.<Unit>map((batch) -> () -> fetchParameters(batch, progress))
			.toList();
		List<Unit> secrets = plan.secretBatches().stream().<Unit>map((batch) -> () -> fetchSecrets(batch, progress)).toList();
		List<Unit> decrypts = plan.kmsDecrypts().stream().<Unit>map((decrypt) -> () -> decrypt(decrypt, progress)).toList();
		Fetched fetched = new Fetched();
		run(interleaved(List.of(parameters, secrets, decrypts)), progress, fetched);
		fetched.fillMissing(plan, () -> FetchFailure.error("Timeout",
				"AWS did not answer within the time allowed (" + progress.elapsedMillis() + " ms)"));
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
				}, RawParameter::failure, RawParameter::failed);
		return (fetched) -> answers.forEach(fetched.parameters::put);
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
				}, FetchResult::failure, FetchResult::failure);
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
				}, FetchResult::failure, FetchResult::failure);
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
	 * @param call makes one call for some keys in a Region
	 * @param failure the failure of a result, or {@code null} if it holds a value
	 * @param failed the result of a failure
	 * @return the final result of every key, with the failover Region that gave it
	 */
	private <K, V> Map<K, Answer<V>> withRetries(@Nullable ReferenceService service, Optional<String> primary,
			List<K> keys, Progress progress, BiFunction<Optional<String>, List<K>, Map<K, V>> call,
			Function<V, @Nullable FetchFailure> failure, Function<FetchFailure, V> failed) {
		Map<K, Answer<V>> answers = new HashMap<>();
		List<Optional<String>> regions = this.failover.regions(service, primary);
		List<K> pending = keys;
		int regionIndex = 0;
		int attempt = 0;
		int failuresInARow = 0;
		while (true) {
			if (!progress.allows(0)) {
				return answers; // AWS stopped answering (an outage) while this unit waited to start
			}
			Optional<String> region = regions.get(regionIndex);
			AdaptivePacer.Call turn = enter(pacer(service, region), progress);
			if (turn == null) {
				return answers;
			}
			if (turn.waitNanos() > 0 && !pause(turn.waitNanos())) {
				turn.failed();
				return answers;
			}
			Map<K, V> results = callSafely(call, region, pending, failed);
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
			if (throttled) {
				turn.throttled();
			}
			else if (answered) {
				turn.answered();
			}
			else {
				turn.failed();
			}
			if (answered || throttled) {
				progress.answered();
			}
			if (retry.isEmpty()) {
				return answers;
			}
			attempt++;
			// a throttled Region is there and busy: only outages, server and network errors fail over
			failuresInARow = throttled ? 0 : failuresInARow + 1;
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
	 * Make one call, turning an exception (a client that cannot be built: no Region, no
	 * credentials) into the failure of every key.
	 */
	private <K, V> Map<K, V> callSafely(BiFunction<Optional<String>, List<K>, Map<K, V>> call,
			Optional<String> region, List<K> keys, Function<FetchFailure, V> failed) {
		try {
			return call.apply(region, keys);
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof SdkException)) {
				// a defect: name where it happened, without the exception's message (it may quote a value)
				StackTraceElement[] trace = ex.getStackTrace();
				this.logger.warn("Unexpected failure while fetching from AWS: " + ex.getClass().getName()
						+ ((trace.length > 0) ? " at " + trace[0] : ""));
			}
			FetchFailure cause = Failures.from(ex);
			Map<K, V> results = new HashMap<>();
			keys.forEach((key) -> results.put(key, failed.apply(cause)));
			return results;
		}
	}

	/**
	 * Wait before the next attempt, if the budget allows it.
	 * @return whether the next attempt may be made
	 */
	private static boolean sleep(long nanos, Progress progress) {
		return progress.allows(nanos) && pause(nanos);
	}

	/**
	 * Wait.
	 * @return {@code false} if the thread was interrupted
	 */
	private static boolean pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Wait for a place in the pacer's window and a turn at its rate, as long as the total budget
	 * allows: these waits are this JVM's own pacing of a service that answered, so the time
	 * without an answer does not bound them (an outage ends in the backoff between attempts).
	 * @return the call, or {@code null} when the budget ends first
	 */
	private static AdaptivePacer.@Nullable Call enter(AdaptivePacer pacer, Progress progress) {
		try {
			return pacer.enter(progress.remainingTotalNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private AdaptivePacer pacer(@Nullable ReferenceService service, Optional<String> region) {
		String lane = ((service != null) ? service.id() : "kms") + "|" + region.orElse("");
		return this.pacers.computeIfAbsent(lane, (key) -> new AdaptivePacer());
	}

	/**
	 * Order the units of several services one of each in turn, so that the fetch threads start
	 * on every service at once instead of waiting on one service's window.
	 */
	private static List<Unit> interleaved(List<List<Unit>> byService) {
		List<Unit> units = new ArrayList<>();
		int longest = byService.stream().mapToInt(List::size).max().orElse(0);
		for (int index = 0; index < longest; index++) {
			for (List<Unit> service : byService) {
				if (index < service.size()) {
					units.add(service.get(index));
				}
			}
		}
		return units;
	}

	/**
	 * Run the units on their own threads, recording each unit's results on this thread. A unit ends
	 * by itself when the budget does; one still running past the total budget is cancelled. Keys
	 * without a result are then filled with a timeout failure.
	 */
	private void run(List<Unit> units, Progress progress, Fetched fetched) {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(this.maxConcurrency, units.size()),
				fetchThreads());
		try {
			List<Future<Recording>> futures = units.stream().map((unit) -> executor.submit(unit::run)).toList();
			for (Future<Recording> future : futures) {
				// each unit ends by itself when AWS stops answering (its backoff checks the budget);
				// this bounds a unit that would not
				long wait = progress.remainingTotalNanos() + GRACE;
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

		private final Map<ParameterRead, Answer<RawParameter>> parameters = new HashMap<>();

		private final Map<SecretsManagerReference, Answer<FetchResult>> secrets = new HashMap<>();

		private final Map<KmsReference, Answer<FetchResult>> decrypted = new HashMap<>();

		void fillMissing(FetchPlan plan, java.util.function.Supplier<FetchFailure> failure) {
			plan.parameterBatches()
				.forEach((batch) -> batch.reads()
					.forEach((read) -> this.parameters.putIfAbsent(read,
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
				Answer<RawParameter> raw = this.parameters.get(ParameterRead.of(parameter));
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

}
