package io.github.secretresolver.resolve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import io.github.secretresolver.resolve.FetchPlan.KmsDecrypt;
import io.github.secretresolver.resolve.FetchPlan.ParameterBatch;
import io.github.secretresolver.resolve.FetchPlan.SecretBatch;
import io.github.secretresolver.resolve.ParameterStoreFetcher.RawParameter;

/**
 * Fetches the values of a set of references from AWS (and decrypts KMS references): plans the
 * fewest calls, runs them concurrently (bounded) within a time budget, and returns one
 * {@link FetchResult} per reference.
 * It never throws for an AWS error: every failure is a result, so callers can report them all at
 * once. Thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class SecretResolver {

	private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

	private final AwsClients clients;

	private final int maxConcurrency;

	private final Duration timeout;

	/**
	 * Create a new resolver.
	 * @param clients the AWS clients to use
	 * @param maxConcurrency the most AWS calls in flight at once
	 * @param timeout the budget for one {@link #resolve} call, retries included
	 */
	public SecretResolver(AwsClients clients, int maxConcurrency, Duration timeout) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("'maxConcurrency' must be at least 1");
		}
		this.clients = clients;
		this.maxConcurrency = maxConcurrency;
		this.timeout = timeout;
	}

	/**
	 * Fetch the value of every reference.
	 * @param references the references; duplicates are fetched once
	 * @return a result for every distinct reference
	 */
	public Map<SecretReference, FetchResult> resolve(Collection<? extends SecretReference> references) {
		if (references.isEmpty()) {
			return Map.of();
		}
		FetchPlan plan = FetchPlan.of(references);
		Fetched fetched = new Fetched();
		List<Callable<Runnable>> calls = new ArrayList<>();
		plan.parameterBatches().forEach((batch) -> calls.add(() -> fetchParameters(batch, fetched)));
		plan.secretBatches().forEach((batch) -> calls.add(() -> fetchSecrets(batch, fetched)));
		plan.kmsDecrypts().forEach((decrypt) -> calls.add(() -> decrypt(decrypt, fetched)));
		run(calls, (failure) -> fetched.fillMissing(plan, failure));
		Map<SecretReference, FetchResult> results = new HashMap<>();
		for (SecretReference reference : references) {
			results.computeIfAbsent(reference, fetched::resultFor);
		}
		return results;
	}

	/**
	 * Make one {@code GetParameters} call and return how to record its results.
	 */
	private Runnable fetchParameters(ParameterBatch batch, Fetched fetched) {
		Map<String, RawParameter> result;
		try {
			result = ParameterStoreFetcher.fetchBatch(this.clients.ssm(batch.region()), batch.namesWithSelectors());
		}
		catch (RuntimeException ex) {
			FetchFailure failure = AwsFailures.from(ex);
			result = new HashMap<>();
			for (String name : batch.namesWithSelectors()) {
				result.put(name, RawParameter.failed(failure));
			}
		}
		Map<String, RawParameter> parameters = result;
		return () -> parameters.forEach((name, raw) -> fetched.parameters.put(regionKey(batch.region(), name), raw));
	}

	/**
	 * Make one Secrets Manager call and return how to record its results.
	 */
	private Runnable fetchSecrets(SecretBatch batch, Fetched fetched) {
		Map<SecretsManagerReference, FetchResult> result;
		try {
			result = fetchSecrets(batch);
		}
		catch (RuntimeException ex) {
			FetchResult failure = FetchResult.failure(AwsFailures.from(ex));
			result = new HashMap<>();
			for (SecretsManagerReference secret : batch.secrets()) {
				result.put(secret, failure);
			}
		}
		Map<SecretsManagerReference, FetchResult> secrets = result;
		return () -> fetched.secrets.putAll(secrets);
	}

	/**
	 * Decrypt one KMS reference (from the JVM-wide cache when it was decrypted before) and return
	 * how to record the result.
	 */
	private Runnable decrypt(KmsDecrypt decrypt, Fetched fetched) {
		FetchResult result;
		try {
			result = KmsDecryptor.decrypt(this.clients.kms(decrypt.region()), decrypt.reference());
		}
		catch (RuntimeException ex) {
			result = FetchResult.failure(AwsFailures.from(ex));
		}
		FetchResult decrypted = result;
		return () -> fetched.decrypted.put(decrypt.reference(), decrypted);
	}

	private Map<SecretsManagerReference, FetchResult> fetchSecrets(SecretBatch batch) {
		var client = this.clients.secretsManager(batch.region());
		if (batch.isSingle()) {
			SecretsManagerReference secret = batch.secrets().get(0);
			return Map.of(secret, SecretsManagerFetcher.fetchOne(client, secret));
		}
		return SecretsManagerFetcher.fetchCurrentBatch(client, batch.secrets());
	}

	/**
	 * Run the calls on their own threads, applying each call's result on this thread. Calls still
	 * running when the budget ends, fallbacks included, are cancelled and {@code onTimeout} fills in
	 * the missing results, so one {@link #resolve} never takes longer than the budget.
	 */
	private void run(List<Callable<Runnable>> calls, Consumer<Supplier<FetchFailure>> onTimeout) {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(this.maxConcurrency, calls.size()),
				daemonThreads());
		try {
			List<Future<Runnable>> futures = executor.invokeAll(calls, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			boolean timedOut = false;
			for (Future<Runnable> future : futures) {
				try {
					future.get().run();
				}
				catch (CancellationException ex) {
					timedOut = true;
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException("Unexpected failure while fetching from AWS", ex.getCause());
				}
			}
			if (timedOut) {
				onTimeout.accept(this::timeoutFailure);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			onTimeout.accept(() -> FetchFailure.error("Interrupted", "Interrupted while fetching from AWS"));
		}
		finally {
			executor.shutdownNow();
		}
	}

	private FetchFailure timeoutFailure() {
		return FetchFailure.error("Timeout", "AWS did not answer within " + this.timeout.toMillis()
				+ " ms (secret-resolver.startup-timeout)");
	}

	private static String regionKey(Optional<String> region, String name) {
		return region.orElse("") + "|" + name;
	}

	private static ThreadFactory daemonThreads() {
		return (runnable) -> {
			Thread thread = new Thread(runnable, "secret-resolver-fetch-" + THREAD_COUNT.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * What the calls of one {@link #resolve} returned, keyed as the calls were made. Only the
	 * calling thread writes to it.
	 */
	private static final class Fetched {

		private final Map<String, RawParameter> parameters = new HashMap<>();

		private final Map<SecretsManagerReference, FetchResult> secrets = new HashMap<>();

		private final Map<KmsReference, FetchResult> decrypted = new HashMap<>();

		void fillMissing(FetchPlan plan, Supplier<FetchFailure> failure) {
			plan.parameterBatches()
				.forEach((batch) -> batch.namesWithSelectors()
					.forEach((name) -> this.parameters.putIfAbsent(regionKey(batch.region(), name),
							RawParameter.failed(failure.get()))));
			plan.secretBatches()
				.forEach((batch) -> batch.secrets()
					.forEach((secret) -> this.secrets.putIfAbsent(secret, FetchResult.failure(failure.get()))));
			plan.kmsDecrypts()
				.forEach((decrypt) -> this.decrypted.putIfAbsent(decrypt.reference(), FetchResult.failure(failure.get())));
		}

		FetchResult resultFor(SecretReference reference) {
			if (reference instanceof ParameterReference parameter) {
				RawParameter raw = this.parameters.get(regionKey(parameter.arnRegion(), parameter.nameWithSelector()));
				return ParameterStoreFetcher.resultFor(parameter, raw);
			}
			if (reference instanceof KmsReference kms) {
				return this.decrypted.get(kms);
			}
			SecretsManagerReference secret = (SecretsManagerReference) reference;
			FetchResult whole = this.secrets.get(secret.wholeSecret());
			return (secret.jsonKey() != null) ? JsonKeyExtractor.extract(whole, secret.jsonKey()) : whole;
		}

	}

}
