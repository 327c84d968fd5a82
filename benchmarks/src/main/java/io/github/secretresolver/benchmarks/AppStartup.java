package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;

/**
 * Scenario 8 (issue #15): startup cost of a small real application, each start a JVM of its own:
 * without the starter, with it and no reference, with it disabled, and with N references; at 0 ms
 * and at the proxy's added latency. Variants alternate; medians with min–max; differences to the
 * application without the starter.
 * <p>
 * System properties: {@code bench.appSizes} (reference counts, default 10,22,100,500,2000; 22 is
 * issue #15's small mix), {@code bench.appLatencies} (default 0 and {@code bench.latency}),
 * {@code bench.appReps} (default {@code bench.reps}).
 */
final class AppStartup {

	static final int TIMEOUT_SECONDS = 300;

	private final Bench bench;

	private final List<Integer> sizes = Bench.ints(System.getProperty("bench.appSizes", "10,22,100,500,2000"));

	private final List<Integer> latencies;

	private final int reps;

	AppStartup(Bench bench) {
		this.bench = bench;
		this.latencies = Bench.ints(System.getProperty("bench.appLatencies", "0," + bench.latency));
		this.reps = Integer.getInteger("bench.appReps", bench.reps);
	}

	/** One application variant. */
	record Variant(String id, String label, boolean starter, Dataset data, Map<String, String> properties) {

		boolean hasReferences() {
			return this.data != null;
		}

	}

	/** The variants of issue #15 ((a)–(f)), with the sizes asked for. */
	static List<Variant> variants(Bench bench, List<Integer> sizes) {
		List<Variant> variants = new ArrayList<>();
		variants.add(new Variant("a", "(a) without the starter", false, null, Map.of()));
		variants.add(new Variant("b", "(b) starter, no reference", true, null, Map.of()));
		variants.add(new Variant("c", "(c) starter, `secret-resolver.enabled=false`", true, null,
				Map.of("secret-resolver.enabled", "false")));
		for (int n : sizes) {
			String id = switch (n) {
				case 22 -> "d";
				case 500 -> "e";
				case 2000 -> "f";
				default -> "n" + n;
			};
			String label = switch (n) {
				case 22 -> "(d) 22 references (15 ssm, 2 ssm-secure, 3 SM keys, 2 kms)";
				case 500 -> "(e) 500 references";
				case 2000 -> "(f) 2,000 references";
				default -> n + " references";
			};
			Dataset data = bench.dataset((n == 22) ? Dataset.small() : Dataset.of(n));
			variants.add(new Variant(id, label, true, data, Map.of()));
		}
		return variants;
	}

	static Variant variant(List<Variant> variants, String id) {
		return variants.stream().filter((variant) -> variant.id().equals(id)).findFirst().orElse(null);
	}

	/** The command-line properties of a variant: AWS settings, its own, and its references file. */
	static Map<String, String> arguments(Bench bench, Variant variant, java.net.URI endpoint) throws Exception {
		Map<String, String> arguments = Apps.awsProperties(endpoint);
		arguments.putAll(variant.properties());
		if (variant.hasReferences()) {
			arguments.put("spring.config.additional-location", "file:" + bench.referencesFile(variant.data()));
		}
		return arguments;
	}

	private record Runs(Variant variant, List<AppRun> runs, int failed, int wrongValues) {

		List<AppRun> ok() {
			return this.runs.stream().filter(AppRun::started).toList();
		}

		double median(ToDoubleFunction<AppRun> metric) {
			return Stats.median(ok().stream().map(metric::applyAsDouble).toList());
		}

		String spread(ToDoubleFunction<AppRun> metric, double scale) {
			List<Double> values = ok().stream().map((run) -> metric.applyAsDouble(run) / scale).toList();
			return Stats.spread(values);
		}

	}

	void run() throws Exception {
		Report report = this.bench.report;
		AppLauncher launcher = new AppLauncher(this.bench.work.resolve("apps"));
		List<Variant> variants = variants(this.bench, this.sizes);
		report.append("\n## 8. Startup cost of a small application (each start a JVM of its own)\n\n");
		report.append(f("The same small Spring Boot application (`benchmarks/startup-app`: `@SpringBootApplication`, no web, a "
				+ "`@ConfigurationProperties(\"bench\")` bean binding `bench.values.*`) started with `java -cp …` in a new "
				+ "JVM per run: (a) with only spring-boot-starter on the class path, the others with the starter's runtime "
				+ "class path added (its non-optional dependencies, as a user's build has them). The references are in a "
				+ "`.properties` file given with `spring.config.additional-location`; AWS settings (endpoint = the proxy, "
				+ "static Region and credentials) as command-line properties in every variant. JVM options: %s. "
				+ "*Startup* = `ApplicationReadyEvent` time − `RuntimeMXBean.getStartTime()`, printed by the application; "
				+ "*launch → ready* is the same seen from the harness (process start included). RSS = `VmRSS` at ready, "
				+ "HWM = `VmHWM` (peak) at ready, from `/proc/self/status`. Classes = `ClassLoadingMXBean` total loaded at ready; "
				+ "per package (table below) = the named classes and interfaces the JVM holds at ready (`VM.class_hierarchy`, "
				+ "hidden classes such as lambdas excluded). Calls are counted by the proxy per operation. Every run's bound "
				+ "values are checked against the expected ones. Variants alternate (each round starts one variant later), "
				+ "1 warm-up round + %d measured rounds per latency; medians (min–max).\n",
				launcher.jvmOptions().isEmpty() ? "none (the JVM's defaults)" : "`" + String.join(" ", launcher.jvmOptions()) + "`",
				this.reps));
		Map<Integer, Map<String, Runs>> byLatency = new LinkedHashMap<>();
		for (int latency : this.latencies) {
			AwsProxy proxy = (latency == this.bench.latency) ? this.bench.proxy
					: new AwsProxy(this.bench.moto.toString(), latency);
			try {
				double rtt = this.bench.measureRtt(proxy.endpoint());
				Map<String, Runs> runs = measure(launcher, variants, proxy, latency);
				byLatency.put(latency, runs);
				table(report, runs, latency, rtt);
				targets(report, runs, latency, rtt);
			}
			finally {
				if (proxy != this.bench.proxy) {
					proxy.close();
				}
			}
		}
		classTable(report, byLatency.values().iterator().next());
		perReference(report, byLatency);
	}

	private Map<String, Runs> measure(AppLauncher launcher, List<Variant> variants, AwsProxy proxy, int latency)
			throws Exception {
		Map<String, List<AppRun>> runs = new LinkedHashMap<>();
		Map<String, int[]> problems = new LinkedHashMap<>();
		variants.forEach((variant) -> {
			runs.put(variant.id(), new ArrayList<>());
			problems.put(variant.id(), new int[2]);
		});
		for (int round = -1; round < this.reps; round++) {
			for (int i = 0; i < variants.size(); i++) {
				Variant variant = variants.get(Math.floorMod(i + Math.max(round, 0), variants.size()));
				AppRun run = launcher.launch(variant.id() + "-" + latency + "ms", variant.starter(),
						arguments(this.bench, variant, proxy.endpoint()), List.of(), false, proxy, TIMEOUT_SECONDS);
				int wrong = variant.hasReferences() ? run.missing(variant.data().expected(true)) : 0;
				Bench.log(f("app %s at %d ms%s: %s, %.0f ms, RSS %d MB, %d classes, %d calls%s", variant.id(), latency,
						(round < 0) ? " (warm-up)" : "", run.started() ? "ready" : "FAILED", run.millis(), run.rssKb() / 1024,
						run.classes(), run.totalCalls(), run.started() ? ((wrong > 0) ? ", " + wrong + " wrong values" : "")
								: ": " + run.failure()));
				if (round >= 0) {
					runs.get(variant.id()).add(run);
					if (!run.started()) {
						problems.get(variant.id())[0]++;
					}
					problems.get(variant.id())[1] += wrong;
				}
			}
		}
		Map<String, Runs> result = new LinkedHashMap<>();
		for (Variant variant : variants) {
			int[] p = problems.get(variant.id());
			result.put(variant.id(), new Runs(variant, runs.get(variant.id()), p[0], p[1]));
		}
		return result;
	}

	private void table(Report report, Map<String, Runs> runs, int latency, double rtt) {
		Runs a = runs.get("a");
		report.append(f("\n### 8.%s At %d ms added latency (median GetParameters round trip through the proxy: %.1f ms)\n\n",
				(latency == 0) ? "1" : "2", latency, rtt));
		report.line("| variant | AWS calls (per operation) | startup median (min–max) | Δ vs (a) | RSS median (min–max) | Δ vs (a) | HWM median | classes loaded | Δ vs (a) | launch → ready | failed runs / wrong values |");
		report.line("|---|---|---|---|---|---|---|---|---|---|---|");
		for (Runs variant : runs.values()) {
			if (variant.ok().isEmpty()) {
				report.append(f("| %s | %s | all %d runs failed: `%s` | | | | | | | | %d / — |\n", variant.variant().label(),
						variant.runs().isEmpty() ? "—" : variant.runs().get(0).calls(), variant.runs().size(),
						variant.runs().isEmpty() ? "" : oneLine(variant.runs().get(0).failure()), variant.failed()));
				continue;
			}
			boolean isA = variant == a;
			report.append(f("| %s | %s | %s (%s) | %s | %s MB (%s) | %s | %s MB | %.0f | %s | %s | %d / %d |\n",
					variant.variant().label(), calls(variant), ms(variant.median(AppRun::millis)),
					variant.spread(AppRun::millis, 1), isA ? "–" : signed(variant.median(AppRun::millis) - a.median(AppRun::millis), " ms"),
					mb(variant.median(AppRun::rssKb)), variant.spread(AppRun::rssKb, 1024),
					isA ? "–" : signed((variant.median(AppRun::rssKb) - a.median(AppRun::rssKb)) / 1024, " MB"),
					mb(variant.median(AppRun::hwmKb)), variant.median(AppRun::classes),
					isA ? "–" : signed(variant.median(AppRun::classes) - a.median(AppRun::classes), ""),
					ms(variant.median(AppRun::launchMillis)), variant.failed(), variant.wrongValues()));
		}
	}

	private void targets(Report report, Map<String, Runs> runs, int latency, double rtt) {
		Runs a = runs.get("a");
		if (a == null || a.ok().isEmpty()) {
			return;
		}
		for (String id : List.of("b", "c")) {
			Runs variant = runs.get(id);
			if (latency == 0 && variant != null && !variant.ok().isEmpty()) {
				double delta = variant.median(AppRun::millis) - a.median(AppRun::millis);
				report.summary("8", variant.variant().label() + ": startup within +50 ms of (a), 0 ms", "≤ +50 ms",
						signed(delta, " ms"), delta <= 50);
				long sdk = (long) variant.median((run) -> run.classGroups().get("AWS SDK"));
				report.summary("8", variant.variant().label() + ": no AWS SDK class loaded", "0", String.valueOf(sdk), sdk == 0);
			}
		}
		record Target(String id, double millis, double megabytes) {
		}
		for (Target target : List.of(new Target("d", 350, 40), new Target("e", 600, 60))) {
			Runs variant = runs.get(target.id());
			if (variant == null || variant.ok().isEmpty()) {
				continue;
			}
			int minimum = variant.variant().data().minimumCalls(true);
			double floor = (latency == 0) ? 0 : Dataset.ceil(minimum, Bench.CONCURRENCY) * rtt;
			double delta = variant.median(AppRun::millis) - a.median(AppRun::millis);
			double rss = (variant.median(AppRun::rssKb) - a.median(AppRun::rssKb)) / 1024;
			String label = variant.variant().label().replaceFirst(" \\(15 ssm.*", "");
			report.summary("8", f("%s at %d ms: startup vs (a)", label, latency),
					(latency == 0) ? f("≤ +%.0f ms", target.millis()) : f("≤ +%.0f ms + floor %s", target.millis(), ms(floor)),
					signed(delta, " ms"), delta <= target.millis() + floor);
			if (latency == 0) {
				report.summary("8", f("%s at %d ms: RSS vs (a)", label, latency), f("≤ +%.0f MB", target.megabytes()),
						signed(rss, " MB"), rss <= target.megabytes());
			}
		}
		for (Runs variant : runs.values()) {
			if (variant.variant().hasReferences() && latency == this.latencies.get(0)) {
				int minimum = variant.variant().data().minimumCalls(true);
				List<Integer> calls = variant.runs().stream().map(AppRun::totalCalls).toList();
				report.summary("8", "calls = API minimum, " + variant.variant().label().replaceFirst(" \\(15 ssm.*", ""),
						String.valueOf(minimum), calls.toString(), calls.stream().allMatch((c) -> c == minimum));
			}
		}
	}

	private void classTable(Report report, Map<String, Runs> runs) {
		List<String> groups = AppLauncher.classGroupLabels();
		report.append("\n### 8.3 Classes loaded at ready, per package\n\n");
		report.append("Exact counts (median over the runs at the first latency; a range where runs differed). *total* is "
				+ "`ClassLoadingMXBean.getTotalLoadedClassCount()` (hidden classes included); the package columns count "
				+ "named classes and interfaces: AWS SDK = `software.amazon.awssdk`, Apache HttpClient = `org.apache.hc` + "
				+ "`org.apache.http`, Netty = `io.netty`, Spring Cloud AWS = `io.awspring`, starter = `io.github.secretresolver`, "
				+ "Caffeine = `com.github.benmanes`, Resilience4j = `io.github.resilience4j`, Jackson = `tools.jackson` + "
				+ "`com.fasterxml`, Spring = `org.springframework`, JDK = `java.`, `javax.`, `jdk.`, `sun.`, `com.sun.`.\n\n");
		report.line("| variant | total | " + String.join(" | ", groups) + " |");
		report.line("|---|---|" + "---|".repeat(groups.size()));
		for (Runs variant : runs.values()) {
			if (variant.ok().isEmpty()) {
				continue;
			}
			StringBuilder row = new StringBuilder("| " + variant.variant().label() + " | " + exact(variant, AppRun::classes));
			for (String group : groups) {
				row.append(" | ").append(exact(variant, (run) -> run.classGroups().get(group)));
			}
			report.line(row.append(" |").toString());
		}
	}

	private void perReference(Report report, Map<Integer, Map<String, Runs>> byLatency) {
		report.append("\n### 8.4 Cost per reference\n\n");
		report.append("Startup and RSS of the N-reference variants against (b) (the starter with no reference: the fixed "
				+ "cost of having the starter is left out), divided by N; *marginal* = the difference to the next smaller N "
				+ "divided by the difference in N (flat cost per reference ⇔ a constant marginal). *API level* is scenario "
				+ "1's `ReferenceResolver.resolve` wall time (warm JVM, 20 ms proxy) divided by N, where that N ran.\n\n");
		report.line("| latency | N | calls | Δ startup vs (b) | per reference | marginal per reference | Δ RSS vs (b) | per reference | marginal per reference | API level per reference |");
		report.line("|---|---|---|---|---|---|---|---|---|---|");
		byLatency.forEach((latency, runs) -> {
			Runs b = runs.get("b");
			if (b == null || b.ok().isEmpty()) {
				return;
			}
			double previousN = 0;
			double previousMillis = 0;
			double previousKb = 0;
			for (Runs variant : runs.values()) {
				if (!variant.variant().hasReferences() || variant.ok().isEmpty()) {
					continue;
				}
				int n = variant.variant().data().n;
				double millis = variant.median(AppRun::millis) - b.median(AppRun::millis);
				double kb = variant.median(AppRun::rssKb) - b.median(AppRun::rssKb);
				Double api = StartupResolution.MEDIANS.get(n);
				report.append(f("| %d ms | %d | %d | %s | %s | %s | %s | %s | %s | %s |\n", latency, n, variant.ok().get(0).totalCalls(),
						signed(millis, " ms"), f("%.2f ms", millis / n),
						(previousN > 0) ? f("%.2f ms", (millis - previousMillis) / (n - previousN)) : "–",
						signed(kb / 1024, " MB"), f("%.1f KB", kb / n),
						(previousN > 0) ? f("%.1f KB", (kb - previousKb) / (n - previousN)) : "–",
						(api != null) ? f("%.2f ms", api / n) : "–"));
				previousN = n;
				previousMillis = millis;
				previousKb = kb;
			}
		});
	}

	private static String exact(Runs variant, ToDoubleFunction<AppRun> metric) {
		List<Double> values = variant.ok().stream().map(metric::applyAsDouble).toList();
		double min = Stats.min(values);
		double max = Stats.max(values);
		return (min == max) ? f("%.0f", min) : f("%.0f (%.0f–%.0f)", median(values), min, max);
	}

	private static String calls(Runs variant) {
		List<Map<String, Integer>> calls = variant.runs().stream().map(AppRun::calls).distinct().toList();
		int total = variant.runs().get(0).totalCalls();
		String text = (total == 0) ? "0" : total + " " + calls.get(0);
		return (calls.size() > 1) ? text + " (varied: " + calls + ")" : text;
	}

	static String signed(double value, String unit) {
		return f("%+.0f%s", value, unit);
	}

	static String mb(double kb) {
		return f("%.0f", kb / 1024);
	}

	static String oneLine(String text) {
		return (text == null) ? "" : text.lines().limit(2).reduce("", (x, y) -> x + " " + y).trim().replace("|", "/");
	}

}
