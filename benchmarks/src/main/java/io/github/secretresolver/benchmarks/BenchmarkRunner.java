package io.github.secretresolver.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.secretresolver.autoconfigure.EnvironmentReferenceResolver;
import io.github.secretresolver.autoconfigure.ResolvedValues;
import io.github.secretresolver.autoconfigure.SecretRefresher;
import io.github.secretresolver.resolve.AwsClientFactory;
import io.github.secretresolver.resolve.AwsClients;
import io.github.secretresolver.resolve.SecretResolver;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jol.info.GraphLayout;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.ssm.SsmClient;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;
import static io.github.secretresolver.benchmarks.Stats.x;

/**
 * Runs every benchmark scenario of issue #6 and writes the results as Markdown.
 * <p>
 * System properties: {@code bench.moto} (moto's URL, required), {@code bench.latency} (ms added by
 * the proxy, default 20), {@code bench.reps} (repetitions per side, default 5), {@code bench.sizes}
 * (default 10,100,500), {@code bench.output} (default docs/benchmarks.md), {@code bench.command},
 * {@code bench.machine} (text describing the machine, from the script), {@code bench.skip}
 * (comma-separated scenario numbers to skip).
 */
public final class BenchmarkRunner {

	static final int CONCURRENCY = 8;

	private final URI moto = URI.create(System.getProperty("bench.moto", "http://127.0.0.1:4620"));

	private final int latency = Integer.getInteger("bench.latency", 20);

	private final int reps = Integer.getInteger("bench.reps", 5);

	private final List<Integer> sizes = parseSizes(System.getProperty("bench.sizes", "10,100,500"));

	private final List<String> skip = List.of(System.getProperty("bench.skip", "").split(","));

	private final Path output = Path.of(System.getProperty("bench.output", "docs/benchmarks.md"));

	private final StringBuilder md = new StringBuilder();

	private final List<String> summary = new ArrayList<>();

	private final Map<Integer, Dataset> datasets = new LinkedHashMap<>();

	private AwsProxy proxy;

	private String keyId;

	private double rttMillis;

	private double motoMillis;

	public static void main(String[] args) throws Exception {
		new BenchmarkRunner().run();
		System.exit(0);
	}

	private void run() throws Exception {
		Instant started = Instant.now();
		log("moto at " + this.moto + ", proxy latency " + this.latency + " ms, " + this.reps + " repetitions");
		this.proxy = new AwsProxy(this.moto.toString(), this.latency);
		try {
			for (int n : this.sizes) {
				Dataset data = new Dataset(n);
				Aws.seed(this.moto, data);
				this.datasets.put(n, data);
			}
			this.keyId = Aws.createKey(this.moto);
			this.rttMillis = measureRtt();
			this.motoMillis = measureRtt(this.moto);
			log(f("measured round trip through the proxy: %.1f ms, direct to moto: %.1f ms", this.rttMillis, this.motoMillis));
			scenario("1", "Startup resolution (API)", this::startupResolution);
			scenario("1b", "Startup resolution vs Spring Cloud AWS", this::springCloudAwsComparison);
			scenario("2", "Zero references", this::zeroReferences);
			scenario("3", "Property reads (JMH)", this::propertyReads);
			scenario("4", "KMS across contexts", this::kmsAcrossContexts);
			scenario("5", "Refresh of unchanged references", this::refreshUnchanged);
			scenario("6", "Fleet against a throttled SSM", this::fleet);
			scenario("7", "Memory per cached reference", this::memory);
		}
		finally {
			this.proxy.close();
		}
		write(started, Duration.between(started, Instant.now()));
	}

	private interface Scenario {

		void run() throws Exception;

	}

	private void scenario(String number, String title, Scenario scenario) {
		if (this.skip.contains(number)) {
			log("skipping scenario " + number);
			return;
		}
		log("scenario " + number + ": " + title);
		long start = System.nanoTime();
		try {
			scenario.run();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			this.md.append("\n**Scenario ").append(number).append(" failed to run:** `").append(ex).append("`\n");
			this.summary.add("| " + number + " | " + title + " | — | did not run (`" + ex.getClass().getSimpleName() + "`) | not met |");
		}
		log(f("scenario %s done in %.1f s", number, (System.nanoTime() - start) / 1e9));
	}

	/** Median round trip of a GetParameters call for 10 names through the proxy, warm client. */
	private double measureRtt() {
		return measureRtt(this.proxy.endpoint());
	}

	private double measureRtt(URI endpoint) {
		Dataset data = this.datasets.values().iterator().next();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < Math.min(10, data.ssm); i++) {
			names.add(data.ssmName(i));
		}
		List<Double> times = new ArrayList<>();
		try (SsmClient ssm = Aws.ssm(endpoint)) {
			for (int i = 0; i < 40; i++) {
				long start = System.nanoTime();
				ssm.getParameters((r) -> r.names(names).withDecryption(true));
				if (i >= 10) {
					times.add((System.nanoTime() - start) / 1e6);
				}
			}
		}
		return median(times);
	}

	// ---------------------------------------------------------------- scenario 1 (API level)

	private record Resolution(double millis, Map<String, Integer> counts, int calls, long window) {
	}

	private Resolution resolveOnce(Dataset data, boolean withKms) {
		List<String> ciphertexts = withKms ? Aws.freshCiphertexts(this.moto, this.keyId, data) : null;
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", new LinkedHashMap<>(data.references(ciphertexts))));
		try (AwsClients clients = new AwsClients(Aws.factory(this.proxy.endpoint(), RetryMode.STANDARD))) {
			EnvironmentReferenceResolver resolver = new EnvironmentReferenceResolver(
					new SecretResolver(clients, CONCURRENCY, Duration.ofSeconds(60)), new ResolvedValues(),
					Clock.systemUTC());
			this.proxy.reset();
			long start = System.nanoTime();
			resolver.resolve(environment);
			double millis = (System.nanoTime() - start) / 1e6;
			verify(environment, data.expected(withKms));
			return new Resolution(millis, this.proxy.counts(), this.proxy.total(), this.proxy.windowMillis());
		}
	}

	private void startupResolution() {
		this.md.append("\n## 1. Startup resolution of N distinct references\n\n");
		this.md.append(f("`EnvironmentReferenceResolver.resolve(env)` over a `StandardEnvironment` whose `MapPropertySource` "
				+ "holds the N references; `new SecretResolver(clients, %d, 60 s)`; clients (created inside the timed "
				+ "call, as at startup) point at the proxy. Fresh KMS ciphertexts every repetition (the plaintext cache is "
				+ "JVM-wide). 1 warm-up + %d measured repetitions per N. Round-trip floor = ceil(calls / %d) × RTT, "
				+ "RTT = %.1f ms (median GetParameters round trip through the proxy, %d ms of it injected). The last column, "
				+ "calls × the median round trip of one call made directly to moto (%.1f ms), is what the emulator needs when "
				+ "it serves concurrent calls one at a time (one Python process on a 2-CPU machine): where it approaches or "
				+ "exceeds the floor, the floor is not reachable on this machine.\n\n",
				CONCURRENCY, this.reps, CONCURRENCY, this.rttMillis, this.latency, this.motoMillis));
		this.md.append("| N | mix | API minimum | calls measured (every repetition) | exact | wall median (min–max) | floor | wall / floor | target ≤ 2× | calls × moto time |\n");
		this.md.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (Dataset data : this.datasets.values()) {
			resolveOnce(data, true);
			List<Double> times = new ArrayList<>();
			List<Map<String, Integer>> counts = new ArrayList<>();
			List<Integer> calls = new ArrayList<>();
			for (int r = 0; r < this.reps; r++) {
				Resolution resolution = resolveOnce(data, true);
				times.add(resolution.millis());
				counts.add(resolution.counts());
				calls.add(resolution.calls());
			}
			int minimum = data.minimumCalls(true);
			boolean exact = calls.stream().allMatch((c) -> c == minimum);
			boolean stable = counts.stream().distinct().count() == 1;
			double floor = Dataset.ceil(minimum, CONCURRENCY) * this.rttMillis;
			double ratio = median(times) / floor;
			this.md.append(f("| %d | %s | %d | %s%s | %s | %s (%s) | %s | %s | %s | %s |\n", data.n, data.mix(), minimum,
					counts.get(0), stable ? "" : " (varied: " + counts + ")", exact ? "yes" : "**no**",
					ms(median(times)), Stats.spread(times), ms(floor), x(ratio), (ratio <= 2) ? "met" : "**not met**",
					ms(minimum * this.motoMillis)));
			this.summary.add(f("| 1 | calls = API minimum, N=%d | %d | %s | %s |", data.n, minimum, calls,
					exact ? "met" : "not met"));
			this.summary.add(f("| 1 | wall ≤ 2× floor, N=%d | %s | %s (%s) | %s |", data.n, ms(floor), ms(median(times)),
					x(ratio), (ratio <= 2) ? "met" : "not met"));
		}
	}

	// ---------------------------------------------------------------- scenario 1b (vs Spring Cloud AWS)

	private record Startup(double millis, Map<String, Integer> counts, int calls, long window) {
	}

	private Startup startResolver(Dataset data) {
		Map<String, String> properties = Apps.awsProperties(this.proxy.endpoint());
		properties.putAll(data.references(null));
		this.proxy.reset();
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = Apps.run(Apps.PlainApp.class, properties)) {
			double millis = (System.nanoTime() - start) / 1e6;
			verify(context.getEnvironment(), data.expected(false));
			return new Startup(millis, this.proxy.counts(), this.proxy.total(), this.proxy.windowMillis());
		}
	}

	private Startup startSpringCloudAws(Dataset data) {
		Map<String, String> properties = Apps.awsProperties(this.proxy.endpoint());
		properties.put("secret-resolver.enabled", "false");
		properties.put("spring.config.import", data.springCloudAwsImport());
		this.proxy.reset();
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = Apps.run(Apps.PlainApp.class, properties)) {
			double millis = (System.nanoTime() - start) / 1e6;
			verify(context.getEnvironment(), data.springCloudAwsExpected());
			return new Startup(millis, this.proxy.counts(), this.proxy.total(), this.proxy.windowMillis());
		}
	}

	private void springCloudAwsComparison() {
		this.md.append("\n## 1b. The same values: the starter vs Spring Cloud AWS's config import\n\n");
		this.md.append(f("Both sides are a `SpringApplication` (no web, no auto-configuration: only environment post-processors "
				+ "and config-data loaders run) in this JVM, through the same proxy, alternating starter / Spring Cloud AWS, "
				+ "1 warm-up + %d measured repetitions each. Starter: the references as command-line properties. Spring "
				+ "Cloud AWS %s: `spring.config.import=aws-parameterstore:/bench/nN/,aws-secretsmanager:id1;id2;…` "
				+ "(`secret-resolver.enabled=false`). **KMS references are left out of both sides** (Spring Cloud AWS has no "
				+ "KMS import). *Startup* is the whole `SpringApplication.run`; *AWS phase* is the time from the first "
				+ "request the proxy received to the last response it sent. Every run's values are checked.\n\n",
				this.reps, springCloudAwsVersion()));
		this.md.append("| N | side | calls (per operation) | startup median (min–max) | AWS phase median | \n|---|---|---|---|---|\n");
		List<String> ratios = new ArrayList<>();
		for (Dataset data : this.datasets.values()) {
			startResolver(data);
			startSpringCloudAws(data);
			List<Startup> ours = new ArrayList<>();
			List<Startup> theirs = new ArrayList<>();
			for (int r = 0; r < this.reps; r++) {
				ours.add(startResolver(data));
				theirs.add(startSpringCloudAws(data));
			}
			List<Double> ourTimes = ours.stream().map(Startup::millis).toList();
			List<Double> theirTimes = theirs.stream().map(Startup::millis).toList();
			List<Long> ourWindows = ours.stream().map(Startup::window).toList();
			List<Long> theirWindows = theirs.stream().map(Startup::window).toList();
			this.md.append(f("| %d | starter | %d %s | %s (%s) | %s |\n", data.n, ours.get(0).calls(), ours.get(0).counts(),
					ms(median(ourTimes)), Stats.spread(ourTimes), ms(median(ourWindows))));
			this.md.append(f("| %d | Spring Cloud AWS | %d %s | %s (%s) | %s |\n", data.n, theirs.get(0).calls(),
					theirs.get(0).counts(), ms(median(theirTimes)), Stats.spread(theirTimes), ms(median(theirWindows))));
			double startupRatio = median(theirTimes) / median(ourTimes);
			double awsRatio = median(theirWindows) / Math.max(1, median(ourWindows));
			double callRatio = (double) theirs.get(0).calls() / ours.get(0).calls();
			ratios.add(f("| %d | %s | %s | %s |", data.n, x(callRatio), x(awsRatio), x(startupRatio)));
			if (data.n == 500) {
				this.summary.add(f("| 1b | ≥ 10× faster than Spring Cloud AWS at N=500, AWS phase | 10× | %s | %s |", x(awsRatio),
						(awsRatio >= 10) ? "met" : "not met"));
				this.summary.add(f("| 1b | ≥ 10× faster than Spring Cloud AWS at N=500, whole startup | 10× | %s | %s |",
						x(startupRatio), (startupRatio >= 10) ? "met" : "not met"));
			}
		}
		this.md.append("\nRatios (Spring Cloud AWS / starter, medians):\n\n| N | calls | AWS phase | whole startup |\n|---|---|---|---|\n");
		ratios.forEach((line) -> this.md.append(line).append('\n'));
	}

	// ---------------------------------------------------------------- scenario 2

	private void zeroReferences() {
		int runs = Math.max(10, this.reps * 3);
		this.md.append("\n## 2. Startup overhead with zero references\n\n");
		this.md.append(f("`SpringApplication` with full auto-configuration and no reference, `secret-resolver.enabled=true` vs "
				+ "`false`, alternating, 3 warm-ups + %d measured runs each; AWS settings point at the proxy (equal on both "
				+ "sides). Noise = the larger interquartile range of the two sides.\n\n", runs));
		List<Double> on = new ArrayList<>();
		List<Double> off = new ArrayList<>();
		int clientsCreated = -1;
		int calls = 0;
		for (int r = -3; r < runs; r++) {
			for (boolean enabled : new boolean[] { true, false }) {
				Map<String, String> properties = Apps.awsProperties(this.proxy.endpoint());
				properties.put("secret-resolver.enabled", String.valueOf(enabled));
				properties.put("secret-resolver.refresh.enabled", "false");
				this.proxy.reset();
				long start = System.nanoTime();
				try (ConfigurableApplicationContext context = Apps.run(Apps.AutoApp.class, properties)) {
					double millis = (System.nanoTime() - start) / 1e6;
					calls += this.proxy.total();
					if (enabled) {
						AwsClients clients = context.getBeanProvider(AwsClients.class).getIfAvailable();
						clientsCreated = Math.max(clientsCreated, (clients != null) ? clients.size() : 0);
					}
					if (r >= 0) {
						(enabled ? on : off).add(millis);
					}
				}
			}
		}
		double delta = median(on) - median(off);
		double noise = Math.max(iqr(on), iqr(off));
		boolean met = Math.abs(delta) <= noise;
		this.md.append("| side | startup median (min–max) | IQR |\n|---|---|---|\n");
		this.md.append(f("| enabled, no references | %s (%s) | %s |\n", ms(median(on)), Stats.spread(on), ms(iqr(on))));
		this.md.append(f("| `secret-resolver.enabled=false` | %s (%s) | %s |\n", ms(median(off)), Stats.spread(off), ms(iqr(off))));
		this.md.append(f("\nDifference of medians: %s (noise %s) → **%s**. AWS clients created by the starter (`AwsClients.size()`, "
				+ "largest over all runs): **%d**; requests seen by the proxy over all runs: **%d**.\n", ms(delta), ms(noise),
				met ? "within noise" : "outside noise", clientsCreated, calls));
		this.summary.add(f("| 2 | overhead within noise | ≤ %s | %s | %s |", ms(noise), ms(delta), met ? "met" : "not met"));
		this.summary.add(f("| 2 | zero AWS clients, zero calls | 0 / 0 | %d / %d | %s |", clientsCreated, calls,
				(clientsCreated == 0 && calls == 0) ? "met" : "not met"));
	}

	private static double iqr(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int n = sorted.size();
		return sorted.get((3 * n) / 4 - ((n % 4 == 0) ? 1 : 0)) - sorted.get(n / 4);
	}

	// ---------------------------------------------------------------- scenario 3

	private void propertyReads() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder()
			.include(PropertyReadBenchmark.class.getName() + ".*")
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgsAppend("-Dbench.moto=" + this.moto)
			.shouldFailOnError(true)
			.build()).run();
		Map<String, RunResult> byName = new LinkedHashMap<>();
		results.forEach((result) -> byName.put(result.getParams().getBenchmark().replaceAll(".*\\.", ""), result));
		RunResult plain = byName.get("plainProperty");
		RunResult resolved = byName.get("resolvedProperty");
		double ratio = resolved.getPrimaryResult().getScore() / plain.getPrimaryResult().getScore();
		this.md.append("\n## 3. Property reads after startup (JMH)\n\n");
		this.md.append("JMH 1.37, 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, average time. `env.getProperty(...)` on a "
				+ "`StandardEnvironment` whose first source holds a plain value and a resolved reference (served by the "
				+ "starter's wrapper).\n\n| benchmark | ns/op | ± (99.9 %) |\n|---|---|---|\n");
		for (RunResult result : List.of(plain, resolved)) {
			this.md.append(f("| %s | %.1f | %.1f |\n", result.getParams().getBenchmark().replaceAll(".*\\.", ""),
					result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
		}
		this.md.append(f("\nRatio resolved / plain: **%s** (target ≤ 1.1: %s).\n", x(ratio), (ratio <= 1.1) ? "met" : "**not met**"));
		this.summary.add(f("| 3 | resolved read / plain read | ≤ 1.10× | %s | %s |", x(ratio), (ratio <= 1.1) ? "met" : "not met"));
	}

	// ---------------------------------------------------------------- scenario 4

	private void kmsAcrossContexts() {
		int k = 10;
		Dataset data = this.datasets.containsKey(100) ? this.datasets.get(100) : this.datasets.values().iterator().next();
		List<String> ciphertexts = Aws.freshCiphertexts(this.moto, this.keyId, data);
		Map<String, String> properties = Apps.awsProperties(this.proxy.endpoint());
		properties.putAll(data.references(ciphertexts));
		this.proxy.reset();
		List<Integer> decryptsPerContext = new ArrayList<>();
		int before = 0;
		for (int i = 0; i < k; i++) {
			try (ConfigurableApplicationContext context = Apps.run(Apps.PlainApp.class, properties)) {
				verify(context.getEnvironment(), data.expected(true));
			}
			int decrypts = this.proxy.counts().getOrDefault("Decrypt", 0);
			decryptsPerContext.add(decrypts - before);
			before = decrypts;
		}
		Map<String, Integer> counts = this.proxy.counts();
		int decrypts = counts.getOrDefault("Decrypt", 0);
		boolean met = decrypts == data.kms;
		this.md.append("\n## 4. KMS: K = 10 application contexts in one JVM over the same references\n\n");
		this.md.append(f("%d `SpringApplication`s one after another, each over the N=%d references (%d fresh KMS ciphertexts).\n\n",
				k, data.n, data.kms));
		this.md.append(f("| unique ciphertexts | Decrypt calls in total | Decrypt per context | all calls |\n|---|---|---|---|\n"
				+ "| %d | %d | %s | %s |\n\nTarget exactly one Decrypt per unique ciphertext: **%s**.\n", data.kms, decrypts,
				decryptsPerContext, counts, met ? "met" : "not met"));
		this.summary.add(f("| 4 | Decrypt calls over 10 contexts | %d | %d | %s |", data.kms, decrypts, met ? "met" : "not met"));
	}

	// ---------------------------------------------------------------- scenario 5

	private void refreshUnchanged() {
		this.md.append("\n## 5. Refresh of N unchanged references\n\n");
		this.md.append(f("`SpringApplication` with full auto-configuration (the starter, Spring Cloud Context's rebinder) and a "
				+ "`@ConfigurationProperties(\"bench\")` bean bound to the N references; background refresh off; then "
				+ "`SecretRefresher.refreshAll()` %d times. KMS references are never refreshed (a ciphertext cannot change), "
				+ "so the minimum is ceil(parameter names / 10) + ceil(secrets / 20).\n\n", this.reps));
		this.md.append("| N | API minimum | calls per refresh (per operation) | changed properties | SecretsRefreshedEvent / EnvironmentChangeEvent | bean re-initialised / destroyed | refresh median | target |\n");
		this.md.append("|---|---|---|---|---|---|---|---|\n");
		for (Dataset data : this.datasets.values()) {
			Map<String, String> properties = Apps.awsProperties(this.proxy.endpoint());
			properties.put("secret-resolver.refresh.enabled", "false");
			properties.putAll(data.references(Aws.freshCiphertexts(this.moto, this.keyId, data)));
			Apps.EventCounter events = new Apps.EventCounter();
			try (ConfigurableApplicationContext context = Apps.run(Apps.AutoApp.class, properties, events)) {
				verify(context.getEnvironment(), data.expected(true));
				Apps.BenchProperties bean = context.getBean(Apps.BenchProperties.class);
				if (!data.expected(true).get("bench.values.p0").equals(bean.getValues().get("p0"))) {
					throw new IllegalStateException("bean not bound: " + bean.getValues().get("p0"));
				}
				SecretRefresher refresher = context.getBean(SecretRefresher.class);
				int initialised = bean.initialised.get();
				int destroyed = bean.destroyed.get();
				List<Double> times = new ArrayList<>();
				List<Integer> calls = new ArrayList<>();
				Map<String, Integer> counts = null;
				int changed = 0;
				for (int r = 0; r < this.reps; r++) {
					this.proxy.reset();
					long start = System.nanoTime();
					changed += refresher.refreshAll().changedProperties().size();
					times.add((System.nanoTime() - start) / 1e6);
					calls.add(this.proxy.total());
					counts = this.proxy.counts();
				}
				int minimum = data.minimumCalls(false);
				int refreshedEvents = events.count("SecretsRefreshedEvent");
				int changeEvents = events.count("EnvironmentChangeEvent");
				int touched = (bean.initialised.get() - initialised) + (bean.destroyed.get() - destroyed);
				boolean exact = calls.stream().allMatch((c) -> c == minimum);
				boolean met = exact && changed == 0 && refreshedEvents == 0 && changeEvents == 0 && touched == 0;
				this.md.append(f("| %d | %d | %s %s | %d | %d / %d | %d / %d | %s | %s |\n", data.n, minimum, calls, counts,
						changed, refreshedEvents, changeEvents, bean.initialised.get() - initialised,
						bean.destroyed.get() - destroyed, ms(median(times)), met ? "met" : "**not met**"));
				this.summary.add(f("| 5 | refresh N=%d: calls = minimum, no event, no bean touched | %d / 0 / 0 | %s / %d / %d | %s |",
						data.n, minimum, calls, refreshedEvents + changeEvents, touched, met ? "met" : "not met"));
			}
		}
	}


	// ---------------------------------------------------------------- scenario 6

	private record FleetResult(int resolved, double totalMillis, List<Double> instanceMillis, Map<String, Integer> requests,
			int throttled, String firstFailure) {
	}

	/** Like the starter's clients: standard retries with {@code maxAttempts}, 5 s per attempt, {@code budget} per call. */
	private static AwsClientFactory fleetFactory(URI endpoint, int maxAttempts, Duration budget) {
		AwsClientFactory plain = Aws.factory(endpoint, RetryMode.STANDARD);
		java.util.function.UnaryOperator<ClientOverrideConfiguration> configure = (config) -> config.toBuilder()
			.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
			.apiCallAttemptTimeout(Duration.ofSeconds(5))
			.apiCallTimeout(budget)
			.build();
		return new AwsClientFactory() {

			@Override
			public SsmClient createSsmClient(software.amazon.awssdk.regions.Region region) {
				return SsmClient.builder().endpointOverride(endpoint).region(Aws.REGION).credentialsProvider(Aws.CREDENTIALS)
					.overrideConfiguration(configure.apply(ClientOverrideConfiguration.builder().build())).build();
			}

			@Override
			public software.amazon.awssdk.services.secretsmanager.SecretsManagerClient createSecretsManagerClient(
					software.amazon.awssdk.regions.Region region) {
				return software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder().endpointOverride(endpoint)
					.region(Aws.REGION).credentialsProvider(Aws.CREDENTIALS)
					.overrideConfiguration(configure.apply(ClientOverrideConfiguration.builder().build())).build();
			}

			@Override
			public software.amazon.awssdk.services.kms.KmsClient createKmsClient(software.amazon.awssdk.regions.Region region) {
				return plain.createKmsClient(region);
			}

		};
	}

	private FleetResult runFleet(Dataset data, int instances, int maxAttempts, Duration budget) throws Exception {
		SsmThrottle throttle = new SsmThrottle(40, this.latency);
		try (AwsProxy throttled = new AwsProxy(this.moto.toString(), this.latency, throttle)) {
			java.util.concurrent.ScheduledExecutorService starter = java.util.concurrent.Executors.newScheduledThreadPool(instances);
			List<java.util.concurrent.ScheduledFuture<Double>> futures = new ArrayList<>();
			java.util.concurrent.atomic.AtomicInteger resolved = new java.util.concurrent.atomic.AtomicInteger();
			java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
			long start = System.nanoTime();
			for (int i = 0; i < instances; i++) {
				long offset = i * 10_000L / instances;
				futures.add(starter.schedule(() -> {
					long begin = System.nanoTime();
					StandardEnvironment environment = new StandardEnvironment();
					environment.getPropertySources()
						.addFirst(new MapPropertySource("application", new LinkedHashMap<>(data.references(null))));
					try (AwsClients clients = new AwsClients(fleetFactory(throttled.endpoint(), maxAttempts, budget))) {
						new EnvironmentReferenceResolver(new SecretResolver(clients, CONCURRENCY, budget),
								new ResolvedValues(), Clock.systemUTC())
							.resolve(environment);
						verify(environment, data.expected(false));
						resolved.incrementAndGet();
					}
					catch (RuntimeException ex) {
						failure.compareAndSet(null, ex.getMessage().lines().limit(3).reduce("", (a, b) -> a + " " + b).trim());
					}
					return (System.nanoTime() - begin) / 1e6;
				}, offset, java.util.concurrent.TimeUnit.MILLISECONDS));
			}
			List<Double> times = new ArrayList<>();
			for (var future : futures) {
				times.add(future.get());
			}
			double total = (System.nanoTime() - start) / 1e6;
			starter.shutdown();
			return new FleetResult(resolved.get(), total, times, throttle.requests(), throttle.throttled.get(), failure.get());
		}
	}

	private void fleet() throws Exception {
		int instances = 200;
		Dataset data = this.datasets.containsKey(100) ? this.datasets.get(100) : this.datasets.values().iterator().next();
		this.md.append("\n## 6. Fleet: 200 resolver instances starting within 10 s against a throttled SSM\n\n");
		this.md.append(f("200 independent resolvers (own clients, `SecretResolver(clients, 8, 30 s)`, the starter's client "
				+ "settings: standard retry strategy, 5 s per attempt, 30 s per call), instance i starting at i × 50 ms, each "
				+ "resolving the N=%d references without KMS (%d GetParameters + %d Secrets Manager call each, so %d "
				+ "GetParameters in 10 s: 4× the quota). The proxy lets 40 SSM requests through in any second and answers "
				+ "the rest with `ThrottlingException` (400). Requests are counted by the proxy, throttled ones included.\n\n",
				data.n, Dataset.ceil(data.parameterNames(), 10), Dataset.ceil(data.secrets, 20),
				instances * Dataset.ceil(data.parameterNames(), 10)));
		this.md.append("| retries | resolved | total time | instance time median / max | requests (per operation) | throttled | first failure |\n|---|---|---|---|---|---|---|\n");
		for (int attempts : new int[] { 3, 1, 20 }) {
			Duration budget = (attempts == 20) ? Duration.ofSeconds(120) : Duration.ofSeconds(30);
			FleetResult result = runFleet(data, instances, attempts, budget);
			String label = switch (attempts) {
				case 1 -> "backoff disabled (1 attempt)";
				case 3 -> "starter default (max-attempts 3, backoff, 30 s budget)";
				default -> "fleet setting (max-attempts 20, startup-timeout 120 s)";
			};
			this.md.append(f("| %s | %d / %d | %s | %s / %s | %s | %d | %s |\n", label, result.resolved(), instances,
					ms(result.totalMillis()), ms(median(result.instanceMillis())), ms(Stats.max(result.instanceMillis())),
					result.requests(), result.throttled(), (result.firstFailure() != null) ? "`" + result.firstFailure().replace("|", "/") + "`" : "—"));
			if (attempts != 1) {
				boolean met = result.resolved() == instances;
				this.summary.add(f("| 6 | fleet of 200 against 40 req/s SSM, %s: all resolve | 200 | %d | %s |", label,
						result.resolved(), met ? "met" : "not met"));
			}
		}
	}

	// ---------------------------------------------------------------- scenario 7

	private void memory() {
		this.md.append("\n## 7. Memory: retained heap per cached reference\n\n");
		this.md.append("JOL `GraphLayout.parseInstance(...)` of everything the starter keeps after resolving N references "
				+ "(`EnvironmentReferenceResolver`, `ResolvedValues` and the wrapping property source, less the AWS "
				+ "clients and the application's own map of written values), without KMS (its cache is JVM-wide). Per reference = the difference between "
				+ "the two largest N divided by the difference in N (the smallest N also carries fixed costs).\n\n| N | retained bytes | bytes / reference |\n|---|---|---|\n");
		Map<Integer, Long> sizes = new LinkedHashMap<>();
		List<Dataset> runs = new ArrayList<>();
		runs.add(this.datasets.values().iterator().next()); // warm-up: lazily created shared state is paid here
		runs.addAll(this.datasets.values());
		boolean warmUp = true;
		for (Dataset data : runs) {
			StandardEnvironment environment = new StandardEnvironment();
			Map<String, Object> written = new LinkedHashMap<>(data.references(null));
			environment.getPropertySources().addFirst(new MapPropertySource("application", written));
			ResolvedValues values = new ResolvedValues();
			try (AwsClients clients = new AwsClients(Aws.factory(this.proxy.endpoint(), RetryMode.STANDARD))) {
				SecretResolver secretResolver = new SecretResolver(clients, CONCURRENCY, Duration.ofSeconds(60));
				EnvironmentReferenceResolver resolver = new EnvironmentReferenceResolver(secretResolver, values, Clock.systemUTC());
				resolver.resolve(environment);
				// What the starter keeps, less the AWS clients and the application's own map of written values.
				long size = GraphLayout.parseInstance(resolver, values, environment.getPropertySources().get("application"))
					.subtract(GraphLayout.parseInstance(secretResolver, written))
					.totalSize();
				if (warmUp) {
					warmUp = false;
					this.md.append(f("| %d (warm-up, discarded) | %d | %.0f |\n", data.n, size, (double) size / data.n));
					continue;
				}
				sizes.put(data.n, size);
				this.md.append(f("| %d | %d | %.0f |\n", data.n, size, (double) size / data.n));
			}
		}
		List<Integer> ns = new ArrayList<>(sizes.keySet());
		if (ns.size() >= 2) {
			int first = ns.get(ns.size() - 2);
			int last = ns.get(ns.size() - 1);
			double perReference = (double) (sizes.get(last) - sizes.get(first)) / (last - first);
			this.md.append(f("\nMarginal retained heap: **%.0f bytes per reference** (includes the written value, the parsed "
					+ "reference, its status and the resolved value; the application's own map of written values and "
					+ "the AWS clients are not counted). No target was set in the issue.\n", perReference));
			this.summary.add(f("| 7 | retained heap per cached reference | (no target) | %.0f bytes | — |", perReference));
		}
	}

	// ---------------------------------------------------------------- helpers

	private static void verify(ConfigurableEnvironment environment, Map<String, String> expected) {
		List<String> wrong = new ArrayList<>();
		expected.forEach((name, value) -> {
			if (!value.equals(environment.getProperty(name))) {
				wrong.add(name + "=" + environment.getProperty(name));
			}
		});
		if (!wrong.isEmpty()) {
			throw new IllegalStateException(wrong.size() + " wrong values, e.g. " + wrong.subList(0, Math.min(3, wrong.size())));
		}
	}

	private static String springCloudAwsVersion() {
		String version = io.awspring.cloud.parameterstore.ParameterStorePropertySource.class.getPackage()
			.getImplementationVersion();
		if (version == null) {
			String location = io.awspring.cloud.parameterstore.ParameterStorePropertySource.class.getProtectionDomain()
				.getCodeSource()
				.getLocation()
				.getPath();
			version = location.replaceAll(".*/spring-cloud-aws-parameter-store-([^/]+)\\.jar$", "$1");
		}
		return version;
	}

	private void write(Instant started, Duration took) throws IOException {
		StringBuilder doc = new StringBuilder();
		doc.append("# Benchmarks\n\n");
		doc.append("Startup and refresh cost of the starter at the AWS API minimum, side by side with Spring Cloud AWS (issue #6). "
				+ "Generated by `scripts/benchmark.sh`; do not edit by hand — rerun it.\n\n");
		doc.append("## How it was run\n\n");
		doc.append("```bash\n").append(System.getProperty("bench.command", "bash scripts/benchmark.sh")).append("\n```\n\n");
		doc.append("- Date: ").append(started).append(f(" (run took %.0f s)\n", took.toSeconds() * 1.0));
		doc.append("- Machine: ").append(System.getProperty("bench.machine", Runtime.getRuntime().availableProcessors() + " CPUs")).append('\n');
		doc.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
			.append(f(", max heap %d MB\n", Runtime.getRuntime().maxMemory() / (1024 * 1024)));
		doc.append("- Versions: Spring Boot ").append(SpringBootVersion.getVersion())
			.append(", Spring Cloud AWS ").append(springCloudAwsVersion())
			.append(", AWS SDK ").append(software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION)
			.append(", WireMock ").append(System.getProperty("bench.wiremockVersion", "?"))
			.append(", moto ").append(System.getProperty("bench.motoVersion", "?"))
			.append(", starter ").append(System.getProperty("bench.starterVersion", "0.1.0-SNAPSHOT")).append('\n');
		doc.append(f("- AWS: moto at %s behind a WireMock proxy adding a fixed %d ms to every response; calls are counted "
				+ "per operation from the proxy's serve events (`X-Amz-Target`). Measured round trip of one GetParameters "
				+ "call through the proxy: %.1f ms.\n", this.moto, this.latency, this.rttMillis));
		doc.append(f("- Repetitions: %d per side (after warm-up), medians reported; comparisons alternate both sides in the same run. "
				+ "Counts are exact and are the primary figure; times on a shared 2-CPU machine are indicative.\n\n", this.reps));
		doc.append("## Summary\n\n| scenario | target | expected | measured | result |\n|---|---|---|---|---|\n");
		this.summary.forEach((line) -> doc.append(line).append('\n'));
		doc.append(this.md);
		doc.append("\n## Not run\n\n").append(System.getProperty("bench.notRun",
				"Every scenario of the issue ran (see above for those whose target was not met).")).append('\n');
		try (var notes = BenchmarkRunner.class.getResourceAsStream("/benchmark-notes.md")) {
			if (notes != null) {
				doc.append(new String(notes.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		Files.createDirectories(this.output.toAbsolutePath().getParent());
		Files.writeString(this.output, doc.toString());
		log("wrote " + this.output.toAbsolutePath());
	}

	private static List<Integer> parseSizes(String text) {
		List<Integer> sizes = new ArrayList<>();
		for (String part : text.split(",")) {
			sizes.add(Integer.parseInt(part.trim()));
		}
		return sizes;
	}

	static void log(String message) {
		System.out.println("[bench] " + message);
	}

	@SuppressWarnings("unused")
	private static <T> T unchecked(Callable<T> callable) {
		try {
			return callable.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
