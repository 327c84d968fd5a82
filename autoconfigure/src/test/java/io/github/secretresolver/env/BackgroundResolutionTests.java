package io.github.secretresolver.env;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.fetch.FetchResult;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.reference.SecretReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReferenceResolver#resolveInBackground}: what a reader sees while the values
 * are fetched.
 *
 * @author Secret Resolver contributors
 */
class BackgroundResolutionTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final CountDownLatch fetchStarted = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final Map<SecretReference, FetchResult> values = new LinkedHashMap<>();

	private final List<Collection<? extends SecretReference>> fetches = new ArrayList<>();

	private final StandardEnvironment environment = new StandardEnvironment();

	private final ExecutorService fetchThread = Executors.newSingleThreadExecutor();

	private final ExecutorService readers = Executors.newCachedThreadPool();

	private final ReferenceResolver resolver = new ReferenceResolver(this::fetch, Clock.systemUTC());

	BackgroundResolutionTests() {
		this.values.put(new ParameterReference(ReferenceService.SSM, "/app/password", null), FetchResult.success("s3cr3t", "1"));
		this.values.put(new ParameterReference(ReferenceService.SSM, "/app/user", null), FetchResult.success("app", "1"));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("app.password", "<<resolve:ssm:/app/password>>");
		properties.put("app.login", "<<resolve:ssm:/app/user>>:${app.password}");
		properties.put("app.name", "shop");
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		ConfigurationPropertySources.attach(this.environment);
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.fetchThread.shutdownNow();
		this.readers.shutdownNow();
	}

	@Test
	void propertyWithoutReferenceIsReadWhileFetching() throws Exception {
		this.resolver.resolveInBackground(this.environment, this.fetchThread);
		assertThat(this.fetchStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.environment.getProperty("app.name")).isEqualTo("shop");
		assertThat(this.environment.getPropertySources().get("test"))
			.isInstanceOfSatisfying(MapPropertySource.class, (source) -> assertThat(source.getPropertyNames())
				.containsExactly("app.password", "app.login", "app.name"));
	}

	@Test
	void readOfValueBeingFetchedWaitsForIt() throws Exception {
		CompletableFuture<ReferenceResolver.Summary> resolved = this.resolver.resolveInBackground(this.environment,
				this.fetchThread);
		assertThat(this.fetchStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Future<String> password = read(() -> this.environment.getProperty("app.password"));
		Future<String> login = read(() -> this.environment.getProperty("app.login"));
		Future<String> consistent = read(() -> this.resolver.resolvedValues()
			.readConsistently(() -> this.environment.getProperty("app.password")));
		Thread.sleep(100);
		assertThat(password).isNotDone();
		assertThat(login).isNotDone();
		assertThat(consistent).isNotDone();
		this.release.countDown();
		assertThat(consistent.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("s3cr3t");
		assertThat(password.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("s3cr3t");
		assertThat(login.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("app:s3cr3t");
		assertThat(resolved.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(new ReferenceResolver.Summary(2, 2));
		assertThat(this.fetches).hasSize(1);
	}

	@Test
	void failedFetchFailsEveryReadOfItsValuesWithEveryError() throws Exception {
		this.values.put(new ParameterReference(ReferenceService.SSM, "/app/password", null), FetchResult
			.failure(FetchFailure.notFound("ParameterNotFound", "Parameter /app/password not found")));
		this.values.put(new ParameterReference(ReferenceService.SSM, "/app/user", null), FetchResult
			.failure(FetchFailure.notFound("ParameterNotFound", "Parameter /app/user not found")));
		CompletableFuture<ReferenceResolver.Summary> resolved = this.resolver.resolveInBackground(this.environment,
				this.fetchThread);
		this.release.countDown();
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> this.environment.getProperty("app.password"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property)
				.containsExactly("app.password", "app.login"));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> this.environment.getProperty("app.login"));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(this.resolver::awaitBackgroundResolution);
		assertThat(resolved).isCompletedExceptionally();
		assertThat(this.environment.getProperty("app.name")).isEqualTo("shop");
	}

	@Test
	void invalidReferenceFailsAtOnceWithTheFetchErrors() {
		this.values.put(new ParameterReference(ReferenceService.SSM, "/app/user", null), FetchResult
			.failure(FetchFailure.notFound("ParameterNotFound", "Parameter /app/user not found")));
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("invalid", Map.of("app.invalid", "<<resolve:ssm>>")));
		this.release.countDown();
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> this.resolver.resolveInBackground(this.environment, this.fetchThread))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::errorCode)
				.containsExactlyInAnyOrder("InvalidReference", "ParameterNotFound"));
	}

	@Test
	void laterPassWaitsForTheBackgroundOneAndFetchesNothingAgain() throws Exception {
		this.resolver.resolveInBackground(this.environment, this.fetchThread);
		assertThat(this.fetchStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Future<ReferenceResolver.Summary> late = read(() -> this.resolver.resolve(this.environment));
		Thread.sleep(100);
		assertThat(late).isNotDone();
		this.release.countDown();
		assertThat(late.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new ReferenceResolver.Summary(0, 0));
		assertThat(this.fetches).hasSize(1);
		assertThat(this.environment.getProperty("app.password")).isEqualTo("s3cr3t");
	}

	@Test
	void environmentVariableBeingFetchedIsReadThroughSpringBootsCopy() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("APP_PASSWORD", "<<resolve:ssm:/app/password>>", "APP_NAME", "shop")));
		ConfigurationPropertySources.attach(environment);
		this.resolver.resolveInBackground(environment, this.fetchThread);
		assertThat(this.fetchStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Future<String> password = read(() -> environment.getProperty("app.password"));
		Thread.sleep(100);
		assertThat(password).isNotDone();
		this.release.countDown();
		assertThat(password.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("s3cr3t");
		assertThat(environment.getProperty("app.name")).isEqualTo("shop");
		assertThat(environment.getProperty("APP_PASSWORD")).isEqualTo("s3cr3t");
	}

	@Test
	void environmentWithoutReferencesIsResolvedAtOnce() {
		StandardEnvironment plain = new StandardEnvironment();
		plain.getPropertySources().addFirst(new MapPropertySource("test", Map.of("app.name", "shop")));
		assertThat(this.resolver.resolveInBackground(plain, (task) -> {
			throw new AssertionError("nothing to fetch");
		})).isCompletedWithValue(new ReferenceResolver.Summary(0, 0));
	}

	@Test
	void resolvedValuesAreMaskedOnceArrived() throws Exception {
		CompletableFuture<ReferenceResolver.Summary> resolved = this.resolver.resolveInBackground(this.environment,
				this.fetchThread);
		this.release.countDown();
		resolved.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.resolver.secretProperties().isSecret(null, "app.password")).isTrue();
		assertThat(this.resolver.secretProperties().isSecret(null, "app.login")).isTrue();
		assertThat(this.resolver.secretProperties().isSecret(null, "app.name")).isFalse();
	}

	/**
	 * Read on another thread, returning once the read has started.
	 */
	private <T> Future<T> read(Callable<T> read) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		Future<T> result = this.readers.submit(() -> {
			started.countDown();
			return read.call();
		});
		assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		return result;
	}

	private Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		this.fetches.add(List.copyOf(references));
		this.fetchStarted.countDown();
		try {
			this.release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Map<SecretReference, FetchResult> results = new LinkedHashMap<>();
		references.forEach((reference) -> results.put(reference, this.values.get(reference)));
		return results;
	}

}
