package io.github.secretresolver.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.x;

/** Scenario 3: property reads after startup, resolved vs plain ({@link PropertyReadBenchmark}, JMH). */
final class PropertyReads {

	private final Bench bench;

	PropertyReads(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder()
			.include(PropertyReadBenchmark.class.getName() + ".*")
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgsAppend("-Dbench.moto=" + this.bench.moto)
			.shouldFailOnError(true)
			.build()).run();
		Map<String, RunResult> byName = new LinkedHashMap<>();
		results.forEach((result) -> byName.put(result.getParams().getBenchmark().replaceAll(".*\\.", ""), result));
		RunResult plain = byName.get("plainProperty");
		RunResult resolved = byName.get("resolvedProperty");
		double ratio = resolved.getPrimaryResult().getScore() / plain.getPrimaryResult().getScore();
		Report report = this.bench.report;
		report.append("\n## 3. Property reads after startup (JMH)\n\n");
		report.append("JMH 1.37, 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, average time. `env.getProperty(...)` on a "
				+ "`StandardEnvironment` whose first source holds a plain value and a resolved reference (served by the "
				+ "starter's wrapper).\n\n| benchmark | ns/op | ± (99.9 %) |\n|---|---|---|\n");
		for (RunResult result : List.of(plain, resolved)) {
			report.append(f("| %s | %.1f | %.1f |\n", result.getParams().getBenchmark().replaceAll(".*\\.", ""),
					result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
		}
		report.append(f("\nRatio resolved / plain: **%s** (target ≤ 1.1: %s).\n", x(ratio), (ratio <= 1.1) ? "met" : "**not met**"));
		report.summary("3", "resolved read / plain read", "≤ 1.10×", x(ratio), ratio <= 1.1);
	}

}
