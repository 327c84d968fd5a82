package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;
import static io.github.secretresolver.benchmarks.Stats.x;

/**
 * Scenario 1b: the starter vs Spring Cloud AWS's config import over the same values, first through
 * the proxy in front of moto, then against a concurrent stand-in that replays moto's answers
 * ({@link Replay}).
 */
final class SpringCloudAwsComparison {

	private final Bench bench;

	SpringCloudAwsComparison(Bench bench) {
		this.bench = bench;
	}

	private record Startup(double millis, Map<String, Integer> counts, int calls, long window) {
	}

	private record Side(List<Startup> ours, List<Startup> theirs) {
	}

	private static Startup start(Dataset data, boolean starter, AwsProxy proxy) {
		Map<String, String> properties = Apps.awsProperties(proxy.endpoint());
		if (starter) {
			properties.putAll(data.references(null));
		}
		else {
			properties.put("secret-resolver.enabled", "false");
			properties.put("spring.config.import", data.springCloudAwsImport());
		}
		proxy.reset();
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = Apps.run(Apps.PlainApp.class, properties)) {
			double millis = (System.nanoTime() - start) / 1e6;
			Bench.verify(context.getEnvironment(), starter ? data.expected(false) : data.springCloudAwsExpected());
			return new Startup(millis, proxy.counts(), proxy.total(), proxy.windowMillis());
		}
	}

	private Side compare(Dataset data, AwsProxy proxy) {
		start(data, true, proxy);
		start(data, false, proxy);
		List<Startup> ours = new ArrayList<>();
		List<Startup> theirs = new ArrayList<>();
		for (int r = 0; r < this.bench.reps; r++) {
			ours.add(start(data, true, proxy));
			theirs.add(start(data, false, proxy));
		}
		return new Side(ours, theirs);
	}

	void run() {
		Report report = this.bench.report;
		report.append("\n## 1b. The same values: the starter vs Spring Cloud AWS's config import\n\n");
		report.append(f("Both sides are a `SpringApplication` (no web, no auto-configuration: only environment post-processors "
				+ "and config-data loaders run) in this JVM, through the same proxy, alternating starter / Spring Cloud AWS, "
				+ "1 warm-up + %d measured repetitions each. Starter: the references as command-line properties. Spring "
				+ "Cloud AWS %s: `spring.config.import=aws-parameterstore:/bench/nN/,aws-secretsmanager:id1;id2;…` "
				+ "(`secret-resolver.enabled=false`). **KMS references are left out of both sides** (Spring Cloud AWS has no "
				+ "KMS import). *Startup* is the whole `SpringApplication.run`; *AWS phase* is the time from the first "
				+ "request the proxy received to the last response it sent. Every run's values are checked.\n\n",
				this.bench.reps, BenchmarkRunner.springCloudAwsVersion()));
		report.append("### Against moto (behind the 20 ms proxy)\n\n");
		Map<Integer, Side> moto = new LinkedHashMap<>();
		Replay replay = new Replay(this.bench.latency);
		for (Dataset data : this.bench.datasets.values()) {
			moto.put(data.n, compare(data, this.bench.proxy));
			// Record moto's answers to both sides once, for the stand-in.
			start(data, true, this.bench.proxy);
			replay.record(this.bench.proxy.events());
			start(data, false, this.bench.proxy);
			replay.record(this.bench.proxy.events());
		}
		table(report, moto);
		int recorded = replay.size();
		Map<Integer, Side> standIn = new LinkedHashMap<>();
		try (AwsProxy concurrent = new AwsProxy(this.bench.moto.toString(), this.bench.latency, replay)) {
			double rtt = this.bench.measureRtt(concurrent.endpoint());
			int hitsBefore = replay.hits.get();
			int missesBefore = replay.misses.get();
			for (Dataset data : this.bench.datasets.values()) {
				standIn.put(data.n, compare(data, concurrent));
			}
			int hits = replay.hits.get() - hitsBefore;
			int misses = replay.misses.get() - missesBefore;
			report.append(f("\n### Against the concurrent stand-in (moto's answers replayed by WireMock, %d ms fixed delay)\n\n",
					this.bench.latency));
			report.append(f("moto answers one request at a time, so the starter's concurrent calls queue there and the round-trip "
					+ "floor cannot be reached through it. The stand-in serves moto's own answers, recorded once per side and N "
					+ "through the proxy (%d distinct requests: `X-Amz-Target` + request body, JSON keys and name lists sorted), "
					+ "from WireMock (400 container threads, 4 acceptors) with a fixed %d ms delay, as many at once as are sent. "
					+ "Median GetParameters round trip through it: %.1f ms. Requests answered from the recording: %d; not "
					+ "recorded (passed on to moto): %d. Same applications, same checks, alternating, 1 warm-up + %d each.\n\n",
					recorded, this.bench.latency, rtt, hits, misses, this.bench.reps));
		}
		table(report, standIn);
		report.append("\nRatios (Spring Cloud AWS / starter, medians):\n\n| N | calls | AWS phase, moto | whole startup, moto | AWS phase, stand-in | whole startup, stand-in |\n|---|---|---|---|---|---|\n");
		for (Dataset data : this.bench.datasets.values()) {
			Side m = moto.get(data.n);
			Side s = standIn.get(data.n);
			double callRatio = (double) m.theirs().get(0).calls() / m.ours().get(0).calls();
			report.append(f("| %d | %s | %s | %s | %s | %s |\n", data.n, x(callRatio), x(awsRatio(m)), x(startupRatio(m)),
					x(awsRatio(s)), x(startupRatio(s))));
			if (data.n == 500) {
				report.summary("1b", "≥ 10× faster than Spring Cloud AWS at N=500, AWS phase (moto)", "10×", x(awsRatio(m)),
						awsRatio(m) >= 10);
				report.summary("1b", "≥ 10× faster than Spring Cloud AWS at N=500, whole startup (moto)", "10×",
						x(startupRatio(m)), startupRatio(m) >= 10);
				report.summary("1b", "≥ 10× faster than Spring Cloud AWS at N=500, AWS phase (concurrent stand-in)", "10×",
						x(awsRatio(s)), awsRatio(s) >= 10);
				report.summary("1b", "≥ 10× faster than Spring Cloud AWS at N=500, whole startup (concurrent stand-in)", "10×",
						x(startupRatio(s)), startupRatio(s) >= 10);
			}
		}
	}

	private static void table(Report report, Map<Integer, Side> sides) {
		report.line("| N | side | calls (per operation) | startup median (min–max) | AWS phase median (min–max) |");
		report.line("|---|---|---|---|---|");
		sides.forEach((n, side) -> {
			row(report, n, "starter", side.ours());
			row(report, n, "Spring Cloud AWS", side.theirs());
		});
	}

	private static void row(Report report, int n, String label, List<Startup> runs) {
		List<Double> times = runs.stream().map(Startup::millis).toList();
		List<Long> windows = runs.stream().map(Startup::window).toList();
		report.append(f("| %d | %s | %d %s | %s (%s) | %s (%s) |\n", n, label, runs.get(0).calls(), runs.get(0).counts(),
				ms(median(times)), Stats.spread(times), ms(median(windows)), Stats.spread(windows)));
	}

	private static double awsRatio(Side side) {
		return median(side.theirs().stream().map(Startup::window).toList())
				/ Math.max(1, median(side.ours().stream().map(Startup::window).toList()));
	}

	private static double startupRatio(Side side) {
		return median(side.theirs().stream().map(Startup::millis).toList())
				/ median(side.ours().stream().map(Startup::millis).toList());
	}

}
