package io.github.secretresolver.benchmarks;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;

/**
 * Scenario 12 (issue #15): what the AWS SDK itself costs a fresh JVM, without Spring and without
 * the starter: {@link SdkColdStartProbe} builds the three clients as the starter configures them
 * and makes one call with each, on one thread and on a thread per client, against the same
 * endpoint as scenario 8 at 0 ms added latency; a JVM that only reaches {@code main} is the
 * baseline. Alternating, 1 warm-up round + {@code bench.appReps} rounds; medians (min–max).
 */
final class SdkColdStart {

	private final Bench bench;

	private final int reps;

	SdkColdStart(Bench bench) {
		this.bench = bench;
		this.reps = Integer.getInteger("bench.appReps", bench.reps);
	}

	void run() throws Exception {
		Report report = this.bench.report;
		Dataset data = this.bench.dataset(Dataset.small());
		Path references = this.bench.referencesFile(data);
		List<String> classpath = new ArrayList<>();
		classpath.add(Path.of(SdkColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toString());
		for (String entry : System.getProperty("bench.starterClasspath", "").split(File.pathSeparator)) {
			if (entry.contains("/software/amazon/") || entry.contains("reactive-streams")
					|| entry.contains("slf4j-api")) {
				classpath.add(entry);
			}
		}
		report.append("\n## 12. The AWS SDK's own cold start (no Spring, no starter)\n\n");
		report.append(f("A JVM of its own per run, with only the AWS SDK jars the starter depends on (and slf4j-api, "
				+ "without a binding) on the class path, runs `SdkColdStartProbe`: it builds the SSM, Secrets Manager "
				+ "and KMS clients as the starter configures them (URL connection HTTP client, one attempt, static "
				+ "credentials and Region, endpoint = the proxy at 0 ms added latency) and makes one call with each "
				+ "(`GetParameters`, `GetSecretValue`, `Decrypt` of scenario 8's (d) references), on one thread or on "
				+ "a thread per client (as the starter's fetch does). The baseline JVM only reaches `main`. JVM "
				+ "options: none. 1 warm-up round + %d rounds, alternating; medians (min–max) of the time from the "
				+ "JVM's start.\n\n", this.reps));
		AwsProxy proxy = new AwsProxy(this.bench.moto.toString(), 0);
		try {
			Map<String, List<Properties>> runs = new LinkedHashMap<>();
			List<String> modes = List.of("idle", "serial", "concurrent");
			modes.forEach((mode) -> runs.put(mode, new ArrayList<>()));
			for (int round = -1; round < this.reps; round++) {
				for (int i = 0; i < modes.size(); i++) {
					String mode = modes.get(Math.floorMod(i + Math.max(round, 0), modes.size()));
					Properties result = launch(classpath, mode, proxy.endpoint().toString(), references);
					Bench.log(f("sdk %s%s: %s", mode, (round < 0) ? " (warm-up)" : "", result));
					if (round >= 0) {
						runs.get(mode).add(result);
					}
				}
			}
			double idle = median(values(runs.get("idle"), "main"));
			report.line("| JVM | main reached | done | done − baseline's `main` | classes loaded | failed runs |");
			report.line("|---|---|---|---|---|---|");
			report.append(f("| baseline (only `main`) | %s (%s) | – | – | – | %d |\n", ms(idle),
					Stats.spread(values(runs.get("idle"), "main")), failed(runs.get("idle"), "main")));
			for (String mode : List.of("serial", "concurrent")) {
				List<Double> done = values(runs.get(mode), "done");
				report.append(f("| three clients + one call each, %s | %s | %s (%s) | %s | %.0f | %d |\n",
						mode.equals("serial") ? "one thread" : "a thread per client",
						ms(median(values(runs.get(mode), "main"))), ms(median(done)), Stats.spread(done),
						ms(median(done) - idle), median(values(runs.get(mode), "classes")), failed(runs.get(mode), "done")));
			}
		}
		finally {
			proxy.close();
		}
	}

	private static Properties launch(List<String> classpath, String mode, String endpoint, Path references)
			throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", String.join(File.pathSeparator, classpath), SdkColdStartProbe.class.getName()));
		if (mode.equals("idle")) {
			command.add("idle");
		}
		else {
			command.addAll(List.of(endpoint, references.toString(), mode));
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Properties result = new Properties();
		result.load(process.getInputStream());
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		return result;
	}

	private static List<Double> values(List<Properties> runs, String key) {
		return runs.stream()
			.filter((run) -> run.getProperty(key) != null)
			.map((run) -> Double.parseDouble(run.getProperty(key)))
			.toList();
	}

	private static int failed(List<Properties> runs, String key) {
		return (int) runs.stream().filter((run) -> run.getProperty(key) == null).count();
	}

}
