package io.github.secretresolver.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.fetch.AwsFetcher;
import io.github.secretresolver.fetch.Budget;
import software.amazon.awssdk.core.retry.RetryMode;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static io.github.secretresolver.benchmarks.Bench.CONCURRENCY;
import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;
import static io.github.secretresolver.benchmarks.Stats.x;

/** Scenario 1: {@link ReferenceResolver#resolve} of N distinct references, at the API level. */
final class StartupResolution {

	private final Bench bench;

	/** Median wall time per N, for the cost-per-reference table of scenario 8. */
	static final Map<Integer, Double> MEDIANS = new LinkedHashMap<>();

	StartupResolution(Bench bench) {
		this.bench = bench;
	}

	private record Resolution(double millis, Map<String, Integer> counts, int calls, long window) {
	}

	private Resolution resolveOnce(Dataset data, boolean withKms) {
		List<String> ciphertexts = withKms ? Aws.freshCiphertexts(this.bench.moto, this.bench.keyId, data) : null;
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", new LinkedHashMap<>(data.references(ciphertexts))));
		AwsProxy proxy = this.bench.proxy;
		try (AwsClients clients = new AwsClients(Aws.factory(proxy.endpoint(), RetryMode.STANDARD))) {
			ReferenceResolver resolver = new ReferenceResolver(
					new AwsFetcher(clients, CONCURRENCY, Budget.of(Duration.ofSeconds(60))), Clock.systemUTC());
			proxy.reset();
			long start = System.nanoTime();
			resolver.resolve(environment);
			double millis = (System.nanoTime() - start) / 1e6;
			Bench.verify(environment, data.expected(withKms));
			return new Resolution(millis, proxy.counts(), proxy.total(), proxy.windowMillis());
		}
	}

	void run() {
		Report report = this.bench.report;
		int reps = this.bench.reps;
		report.append("\n## 1. Startup resolution of N distinct references\n\n");
		report.append(f("`ReferenceResolver.resolve(env)` over a `StandardEnvironment` whose `MapPropertySource` "
				+ "holds the N references; `new AwsFetcher(clients, %d, 60 s)`; clients (created inside the timed "
				+ "call, as at startup) point at the proxy. Fresh KMS ciphertexts every repetition (the plaintext cache is "
				+ "JVM-wide). 1 warm-up + %d measured repetitions per N. Round-trip floor = ceil(calls / %d) × RTT, "
				+ "RTT = %.1f ms (median GetParameters round trip through the proxy, %d ms of it injected). The last column, "
				+ "calls × the median round trip of one call made directly to moto (%.1f ms), is what the emulator needs when "
				+ "it serves concurrent calls one at a time (one Python process on a 2-CPU machine): where it approaches or "
				+ "exceeds the floor, the floor is not reachable on this machine.\n\n",
				CONCURRENCY, reps, CONCURRENCY, this.bench.rttMillis, this.bench.latency, this.bench.motoMillis));
		report.line("| N | mix | API minimum | calls measured (every repetition) | exact | wall median (min–max) | floor | wall / floor | target ≤ 2× | calls × moto time |");
		report.line("|---|---|---|---|---|---|---|---|---|---|");
		for (Dataset data : this.bench.datasets.values()) {
			resolveOnce(data, true);
			List<Double> times = new ArrayList<>();
			List<Map<String, Integer>> counts = new ArrayList<>();
			List<Integer> calls = new ArrayList<>();
			for (int r = 0; r < reps; r++) {
				Resolution resolution = resolveOnce(data, true);
				times.add(resolution.millis());
				counts.add(resolution.counts());
				calls.add(resolution.calls());
			}
			int minimum = data.minimumCalls(true);
			boolean exact = calls.stream().allMatch((c) -> c == minimum);
			boolean stable = counts.stream().distinct().count() == 1;
			double floor = Dataset.ceil(minimum, CONCURRENCY) * this.bench.rttMillis;
			double ratio = median(times) / floor;
			MEDIANS.put(data.n, median(times));
			report.append(f("| %d | %s | %d | %s%s | %s | %s (%s) | %s | %s | %s | %s |\n", data.n, data.mix(), minimum,
					counts.get(0), stable ? "" : " (varied: " + counts + ")", exact ? "yes" : "**no**",
					ms(median(times)), Stats.spread(times), ms(floor), x(ratio), (ratio <= 2) ? "met" : "**not met**",
					ms(minimum * this.bench.motoMillis)));
			report.summary("1", "calls = API minimum, N=" + data.n, String.valueOf(minimum), calls.toString(), exact);
			report.summary("1", "wall ≤ 2× floor, N=" + data.n, ms(floor), f("%s (%s)", ms(median(times)), x(ratio)),
					ratio <= 2);
		}
	}

}
