package io.github.secretresolver.fetch;

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
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.secretresolver.fetch.FetchPlan.KmsDecrypt;
import io.github.secretresolver.fetch.FetchPlan.ParameterBatch;
import io.github.secretresolver.fetch.FetchPlan.ParameterRead;
import io.github.secretresolver.fetch.FetchPlan.SecretBatch;
import io.github.secretresolver.fetch.ParameterStoreFetcher.RawParameter;
import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * {@link Fetcher} that reads references from AWS (and decrypts KMS references): plans the fewest
 * calls, runs them concurrently (bounded) within a time budget, and returns one
 * {@link FetchResult} per reference. Thread-safe.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class AwsFetcher implements Fetcher {

	private final AwsClients clients;

	private final int maxConcurrency;

	private final Duration timeout;

	/**
	 * Create a new fetcher.
	 * @param clients the AWS clients to use
	 * @param maxConcurrency the most AWS calls in flight at once
	 * @param timeout the budget for one {@link #fetch} call, retries included
	 */
	public AwsFetcher(AwsClients clients, int maxConcurrency, Duration timeout) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("'maxConcurrency' must be at least 1");
		}
		this.clients = clients;
		this.maxConcurrency = maxConcurrency;
		this.timeout = timeout;
	}

	@Override
	public Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
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
		Map<ParameterRead, RawParameter> result = new HashMap<>();
		try {
			SsmClient client = this.clients.ssm(batch.region());
			String searched = Failures.searchedIn(client);
			ParameterStoreFetcher.fetchBatch(client, batch.reads()).forEach((read, raw) -> result.put(read,
					(raw.failure() != null && raw.failure().notFound())
							? RawParameter.failed(raw.failure().searchedIn(searched)) : raw));
		}
		catch (RuntimeException ex) {
			FetchFailure failure = Failures.from(ex);
			for (ParameterRead read : batch.reads()) {
				result.put(read, RawParameter.failed(failure));
			}
		}
		Map<ParameterRead, RawParameter> parameters = result;
		return () -> parameters.forEach((read, raw) -> fetched.parameters.put(new RegionalRead(batch.region(), read), raw));
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
			FetchResult failure = FetchResult.failure(Failures.from(ex));
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
			result = FetchResult.failure(Failures.from(ex));
		}
		FetchResult decrypted = result;
		return () -> fetched.decrypted.put(decrypt.reference(), decrypted);
	}

	private Map<SecretsManagerReference, FetchResult> fetchSecrets(SecretBatch batch) {
		SecretsManagerClient client = this.clients.secretsManager(batch.region());
		Map<SecretsManagerReference, FetchResult> results = batch.isSingle()
				? Map.of(batch.secrets().get(0), SecretsManagerFetcher.fetchOne(client, batch.secrets().get(0)))
				: SecretsManagerFetcher.fetchCurrentBatch(client, batch.secrets());
		String searched = Failures.searchedIn(client);
		Map<SecretsManagerReference, FetchResult> located = new HashMap<>();
		results.forEach((secret, result) -> located.put(secret, result.searchedIn(searched)));
		return located;
	}

	/**
	 * Run the calls on their own threads, applying each call's result on this thread. Calls still
	 * running when the budget ends, fallbacks included, are cancelled and {@code onTimeout} fills in
	 * the missing results, so one {@link #fetch} never takes longer than the budget.
	 */
	private void run(List<Callable<Runnable>> calls, Consumer<Supplier<FetchFailure>> onTimeout) {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(this.maxConcurrency, calls.size()),
				fetchThreads());
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

	private static ThreadFactory fetchThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("secret-resolver-fetch-");
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * What the calls of one {@link #fetch} returned, keyed as the calls were made. Only the
	 * calling thread writes to it.
	 */
	private static final class Fetched {

		private final Map<RegionalRead, RawParameter> parameters = new HashMap<>();

		private final Map<SecretsManagerReference, FetchResult> secrets = new HashMap<>();

		private final Map<KmsReference, FetchResult> decrypted = new HashMap<>();

		void fillMissing(FetchPlan plan, Supplier<FetchFailure> failure) {
			plan.parameterBatches()
				.forEach((batch) -> batch.reads()
					.forEach((read) -> this.parameters.putIfAbsent(new RegionalRead(batch.region(), read),
							RawParameter.failed(failure.get()))));
			plan.secretBatches()
				.forEach((batch) -> batch.secrets()
					.forEach((secret) -> this.secrets.putIfAbsent(secret, FetchResult.failure(failure.get()))));
			plan.kmsDecrypts()
				.forEach((decrypt) -> this.decrypted.putIfAbsent(decrypt.reference(), FetchResult.failure(failure.get())));
		}

		FetchResult resultFor(SecretReference reference) {
			if (reference instanceof ParameterReference parameter) {
				RawParameter raw = this.parameters.get(new RegionalRead(parameter.arnRegion(), ParameterRead.of(parameter)));
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

	/**
	 * A parameter read in a Region: the key of its result.
	 */
	private record RegionalRead(Optional<String> region, ParameterRead read) {
	}

}
