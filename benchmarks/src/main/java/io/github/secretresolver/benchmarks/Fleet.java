package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;
import static io.github.secretresolver.benchmarks.Stats.x;

/**
 * Scenario 6: a fleet of instances starting within a window against a Parameter Store throttled to
 * a fixed rate. Each instance is a {@code SpringApplication} in this JVM whose environment
 * post-processors run (the starter's, with its own clients and settings), so the scenario measures
 * whatever the starter does with the settings of each row.
 * <p>
 * System properties: {@code bench.fleetSettings} (rows {@code label:prop=value,prop=value;label:...};
 * default: the starter's defaults, the fleet setting and "backoff disabled"),
 * {@code bench.fleetProperties} (properties added to every row, e.g. a new budget property),
 * {@code bench.fleetInstances} (200), {@code bench.fleetWindow} (seconds, 10),
 * {@code bench.fleetRate} (requests per second, 40), {@code bench.fleetSize} (references per instance, 100).
 */
final class Fleet {

	/**
	 * The rows: the defaults, and the same with one call in flight at a time (fewer throttled
	 * answers, slower). The former baselines (a fleet setting of more attempts, backoff disabled)
	 * were settings of attempt-count retries, which time-bounded retries replaced.
	 */
	static final String DEFAULT_SETTINGS = "defaults:;one call in flight:secret-resolver.max-concurrency=1";

	private final Bench bench;

	private final int instances = Integer.getInteger("bench.fleetInstances", 200);

	private final int windowSeconds = Integer.getInteger("bench.fleetWindow", 10);

	private final int rate = Integer.getInteger("bench.fleetRate", 40);

	Fleet(Bench bench) {
		this.bench = bench;
	}

	private record Result(int resolved, double totalMillis, List<Double> instanceMillis, Map<String, Integer> requests,
			int total, int throttled, int successful, String firstFailure) {
	}

	static Map<String, Map<String, String>> settings() {
		Map<String, Map<String, String>> rows = new LinkedHashMap<>();
		String spec = System.getProperty("bench.fleetSettings", "");
		for (String row : (spec.isBlank() ? DEFAULT_SETTINGS : spec).split(";")) {
			int colon = row.indexOf(':');
			String label = (colon >= 0) ? row.substring(0, colon).trim() : row.trim();
			if (!label.isEmpty()) {
				rows.put(label, Bench.properties((colon >= 0) ? row.substring(colon + 1) : ""));
			}
		}
		return rows;
	}

	private Result runFleet(Dataset data, Map<String, String> settings) throws Exception {
		SsmThrottle throttle = new SsmThrottle(this.rate, this.bench.latency);
		String logging = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		ScheduledExecutorService starter = Executors.newScheduledThreadPool(this.instances);
		try (AwsProxy throttled = new AwsProxy(this.bench.moto.toString(), this.bench.latency, throttle)) {
			Map<String, String> properties = Apps.awsProperties(throttled.endpoint());
			properties.putAll(data.references(null));
			properties.putAll(settings);
			List<ScheduledFuture<Double>> futures = new ArrayList<>();
			AtomicInteger resolved = new AtomicInteger();
			AtomicReference<String> failure = new AtomicReference<>();
			long start = System.nanoTime();
			for (int i = 0; i < this.instances; i++) {
				long offset = i * this.windowSeconds * 1000L / this.instances;
				futures.add(starter.schedule(() -> {
					long begin = System.nanoTime();
					try (ConfigurableApplicationContext context = Apps.run(Apps.PlainApp.class, properties)) {
						Bench.verify(context.getEnvironment(), data.expected(false));
						resolved.incrementAndGet();
					}
					catch (RuntimeException ex) {
						failure.compareAndSet(null, String.valueOf(ex.getMessage()).lines().limit(3)
							.reduce("", (a, b) -> a + " " + b).trim());
					}
					return (System.nanoTime() - begin) / 1e6;
				}, offset, TimeUnit.MILLISECONDS));
			}
			List<Double> times = new ArrayList<>();
			for (var future : futures) {
				times.add(future.get());
			}
			double total = (System.nanoTime() - start) / 1e6;
			int successful = (int) throttled.events().stream().filter((e) -> e.getResponse().getStatus() == 200).count();
			Map<String, Integer> requests = throttle.requests();
			int all = requests.values().stream().mapToInt(Integer::intValue).sum();
			return new Result(resolved.get(), total, times, requests, all, throttle.throttled.get(), successful,
					failure.get());
		}
		finally {
			starter.shutdownNow();
			if (logging != null) {
				System.setProperty(LoggingSystem.SYSTEM_PROPERTY, logging);
			}
			else {
				System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
			}
		}
	}

	void run() throws Exception {
		Dataset data = this.bench.dataset(Dataset.of(Integer.getInteger("bench.fleetSize", 100)));
		Map<String, String> extra = Bench.properties(System.getProperty("bench.fleetProperties", ""));
		int perInstance = Dataset.ceil(data.parameterNames(), 10);
		int parameterCalls = this.instances * perInstance;
		double floorSeconds = (double) parameterCalls / this.rate;
		Report report = this.bench.report;
		report.append(f("\n## 6. Fleet: %d instances starting within %d s against a throttled SSM\n\n", this.instances,
				this.windowSeconds));
		report.append(f("%d `SpringApplication`s in this JVM (no auto-configuration: the environment post-processors run, so "
				+ "each instance is the starter as an application runs it, with its own AWS clients and the settings of the "
				+ "row), instance i starting at i × %d ms, each resolving the N=%d references without KMS (%d GetParameters "
				+ "+ %d Secrets Manager call each, so %d GetParameters in %d s where the quota allows %d). The proxy lets %d SSM "
				+ "requests through in any second (sliding window) and answers the rest with `ThrottlingException` (HTTP 400, "
				+ "AWS JSON error body), %d ms later like every answer. Requests are counted by the proxy, throttled ones "
				+ "included; *successful* = answered by moto with HTTP 200. Quota floor = %d GetParameters / %d per s = %.0f s; "
				+ "issue #12's bound is 1.3 × floor = %.0f s.%s\n\n",
				this.instances, this.windowSeconds * 1000 / this.instances, data.n, perInstance, Dataset.ceil(data.secrets, 20),
				parameterCalls, this.windowSeconds, this.rate * this.windowSeconds, this.rate, this.bench.latency,
				parameterCalls, this.rate, floorSeconds, 1.3 * floorSeconds,
				extra.isEmpty() ? "" : " Added to every row (`BENCH_FLEET_PROPERTIES`): `" + extra + "`."));
		report.line("| setting | properties | resolved | total time (≤ 1.3 × floor?) | instance time median / max | requests (per operation) | successful | throttled | requests / successful | first failure |");
		report.line("|---|---|---|---|---|---|---|---|---|---|");
		for (Map.Entry<String, Map<String, String>> row : settings().entrySet()) {
			Map<String, String> settings = new LinkedHashMap<>(row.getValue());
			settings.putAll(extra);
			Bench.log("fleet: " + row.getKey() + " " + settings);
			Result result = runFleet(data, settings);
			double ratio = (double) result.total() / Math.max(1, result.successful());
			boolean inTime = result.totalMillis() <= 1.3 * floorSeconds * 1000;
			report.append(f("| %s | %s | %d / %d | %s (%s) | %s / %s | %s | %d | %d | %s | %s |\n", row.getKey(),
					settings.isEmpty() ? "(none)" : "`" + settings + "`", result.resolved(), this.instances,
					ms(result.totalMillis()), (result.resolved() < this.instances) ? "not all resolved" : inTime ? "yes" : "no",
					ms(median(result.instanceMillis())),
					ms(Stats.max(result.instanceMillis())), result.requests(), result.successful(), result.throttled(),
					x(ratio), (result.firstFailure() != null) ? "`" + result.firstFailure().replace("|", "/") + "`" : "—"));
			if (!row.getKey().startsWith("backoff disabled")) {
				report.summary("6", f("fleet of %d against %d req/s SSM, %s: all resolve", this.instances, this.rate, row.getKey()),
						String.valueOf(this.instances), String.valueOf(result.resolved()), result.resolved() == this.instances);
			}
			if (row.getKey().equals("defaults")) {
				report.summary("6", "fleet, defaults: total time ≤ 1.3 × quota floor", f("≤ %.0f s", 1.3 * floorSeconds),
						ms(result.totalMillis()), inTime && result.resolved() == this.instances);
				report.summary("6", "fleet, defaults: requests ≤ 1.5 × successful", "≤ 1.50×", x(ratio), ratio <= 1.5);
			}
		}
	}

}
