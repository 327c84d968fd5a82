package io.github.secretresolver.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.github.secretresolver.benchmarks.AppStartup.Variant;

import static io.github.secretresolver.benchmarks.AppStartup.signed;
import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.ms;

/**
 * Scenario 11 (issue #15): the startup cost of scenario 8 when the application JVMs use Class Data
 * Sharing, as Spring Boot documents it: a training run per variant
 * ({@code -XX:ArchiveClassesAtExit=FILE -Dspring.context.exit=onRefresh}, against the same
 * endpoint, so the references are resolved and the AWS SDK's classes are archived), then every
 * start with {@code -XX:SharedArchiveFile=FILE}. The variants without an archive run in the same
 * rounds, so both are measured on the same machine state. At 0 ms added latency; variants
 * alternate; medians with min–max.
 * <p>
 * System properties: {@code bench.appReps} (default {@code bench.reps}).
 */
final class AppStartupWithCds {

	private final Bench bench;

	private final int reps;

	AppStartupWithCds(Bench bench) {
		this.bench = bench;
		this.reps = Integer.getInteger("bench.appReps", bench.reps);
	}

	/** A variant of scenario 8, started with its own class data archive or without one. */
	private record Side(Variant variant, Path archive) {

		boolean sharing() {
			return this.archive != null;
		}

		String label() {
			return this.variant.label().replaceFirst(" \\(15 ssm.*", "") + (sharing() ? ", CDS" : ", no CDS");
		}

		List<String> jvmOptions() {
			return sharing() ? List.of("-XX:SharedArchiveFile=" + this.archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
					: List.of();
		}

	}

	void run() throws Exception {
		Report report = this.bench.report;
		Path directory = this.bench.work.resolve("apps-cds");
		AppLauncher launcher = new AppLauncher(directory);
		List<Variant> variants = AppStartup.variants(this.bench, List.of(22, 500));
		report.append("\n## 11. Startup cost with Class Data Sharing (each start a JVM of its own)\n\n");
		report.append(f("Scenario 8's application and variants at 0 ms added latency, started with an application class data "
				+ "archive as Spring Boot's documentation describes it: one training run per variant "
				+ "(`-XX:ArchiveClassesAtExit=FILE -Dspring.context.exit=onRefresh`, against the same endpoint, so the "
				+ "references are resolved during the training and the AWS SDK's classes are archived), then every start "
				+ "with `-XX:SharedArchiveFile=FILE`. The rows without CDS run in the same rounds. Other JVM options: %s. "
				+ "1 warm-up round + %d measured rounds, variants alternating; medians (min–max). Δ compares with (a) "
				+ "started the same way (both with CDS, or both without).\n\n",
				launcher.jvmOptions().isEmpty() ? "none" : "`" + String.join(" ", launcher.jvmOptions()) + "`", this.reps));
		AwsProxy proxy = new AwsProxy(this.bench.moto.toString(), 0);
		try {
			List<Side> sides = new ArrayList<>();
			for (String id : List.of("a", "b", "d", "e")) {
				Variant variant = AppStartup.variant(variants, id);
				Path archive = train(launcher, directory, variant, proxy);
				if (archive != null) {
					sides.add(new Side(variant, archive));
				}
			}
			for (String id : List.of("a", "d", "e")) {
				sides.add(new Side(AppStartup.variant(variants, id), null));
			}
			Map<Side, List<AppRun>> runs = measure(launcher, sides, proxy);
			table(report, runs);
		}
		finally {
			proxy.close();
		}
	}

	/** The training run of a variant; the archive it wrote, or {@code null} (reported) if none. */
	private Path train(AppLauncher launcher, Path directory, Variant variant, AwsProxy proxy) throws Exception {
		Path archive = directory.resolve(variant.id() + ".jsa").toAbsolutePath();
		Files.deleteIfExists(archive);
		AppRun training = launcher.launch(variant.id() + "-cds-training", variant.starter(),
				AppStartup.arguments(this.bench, variant, proxy.endpoint()),
				List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh"), false, proxy,
				AppStartup.TIMEOUT_SECONDS);
		if (!Files.exists(archive)) {
			Bench.log(f("app %s: the training run wrote no archive (%s)", variant.id(), training.failure()));
			this.bench.report.append(f("- %s: the training run wrote no archive: `%s`\n", variant.label(),
					AppStartup.oneLine(training.failure())));
			return null;
		}
		Bench.log(f("app %s: archive of %d MB", variant.id(), Files.size(archive) >> 20));
		return archive;
	}

	private Map<Side, List<AppRun>> measure(AppLauncher launcher, List<Side> sides, AwsProxy proxy) throws Exception {
		Map<Side, List<AppRun>> runs = new LinkedHashMap<>();
		sides.forEach((side) -> runs.put(side, new ArrayList<>()));
		for (int round = -1; round < this.reps; round++) {
			for (int i = 0; i < sides.size(); i++) {
				Side side = sides.get(Math.floorMod(i + Math.max(round, 0), sides.size()));
				Variant variant = side.variant();
				AppRun run = launcher.launch(variant.id() + (side.sharing() ? "-cds" : "-plain"), variant.starter(),
						AppStartup.arguments(this.bench, variant, proxy.endpoint()), side.jvmOptions(), false, proxy,
						AppStartup.TIMEOUT_SECONDS);
				int wrong = variant.hasReferences() ? run.missing(variant.data().expected(true)) : 0;
				Bench.log(f("app %s%s: %s, %.0f ms, RSS %d MB, %d classes, %d calls%s", side.label(),
						(round < 0) ? " (warm-up)" : "", run.started() ? "ready" : "FAILED", run.millis(),
						run.rssKb() / 1024, run.classes(), run.totalCalls(),
						(wrong > 0) ? ", " + wrong + " wrong values" : ""));
				if (round >= 0) {
					runs.get(side).add((wrong > 0) ? failed(run) : run);
				}
			}
		}
		return runs;
	}

	private static AppRun failed(AppRun run) {
		return new AppRun(false, run.millis(), run.launchMillis(), run.properties(), run.values(), run.calls(),
				"wrong values", run.result());
	}

	private void table(Report report, Map<Side, List<AppRun>> runs) throws Exception {
		report.line("| variant | class data archive | startup median (min–max) | Δ vs (a) | RSS median (min–max) | Δ vs (a) | classes loaded | failed runs |");
		report.line("|---|---|---|---|---|---|---|---|");
		Map<Boolean, List<AppRun>> baseline = new LinkedHashMap<>();
		runs.forEach((side, list) -> {
			if (side.variant().id().equals("a")) {
				baseline.put(side.sharing(), ok(list));
			}
		});
		for (Map.Entry<Side, List<AppRun>> entry : runs.entrySet()) {
			Side side = entry.getKey();
			List<AppRun> ok = ok(entry.getValue());
			int failed = entry.getValue().size() - ok.size();
			String archive = side.sharing() ? f("%d MB", Files.size(side.archive()) >> 20) : "none";
			if (ok.isEmpty()) {
				report.append(f("| %s | %s | all %d runs failed | | | | | %d |\n", side.label(), archive, failed, failed));
				continue;
			}
			List<AppRun> a = baseline.getOrDefault(side.sharing(), List.of());
			boolean isA = side.variant().id().equals("a") || a.isEmpty();
			double millis = median(ok, AppRun::millis);
			double rss = median(ok, AppRun::rssKb);
			report.append(f("| %s | %s | %s (%s) | %s | %s MB (%s) | %s | %.0f | %d |\n", side.label(), archive, ms(millis),
					spread(ok, AppRun::millis, 1), isA ? "–" : signed(millis - median(a, AppRun::millis), " ms"),
					AppStartup.mb(rss), spread(ok, AppRun::rssKb, 1024),
					isA ? "–" : signed((rss - median(a, AppRun::rssKb)) / 1024, " MB"), median(ok, AppRun::classes), failed));
			if (side.sharing() && !isA) {
				summary(report, side, millis - median(a, AppRun::millis), (rss - median(a, AppRun::rssKb)) / 1024);
			}
		}
	}

	private static void summary(Report report, Side side, double millis, double megabytes) {
		double[] target = switch (side.variant().id()) {
			case "d" -> new double[] { 350, 40 };
			case "e" -> new double[] { 600, 60 };
			default -> null;
		};
		if (target == null) {
			return;
		}
		String label = side.variant().label().replaceFirst(" \\(15 ssm.*", "") + ", CDS on both sides (informative)";
		report.summary("11", label + ": startup vs (a)", f("≤ +%.0f ms", target[0]), signed(millis, " ms"),
				millis <= target[0]);
		report.summary("11", label + ": RSS vs (a)", f("≤ +%.0f MB", target[1]), signed(megabytes, " MB"),
				megabytes <= target[1]);
	}

	private static List<AppRun> ok(List<AppRun> runs) {
		return runs.stream().filter(AppRun::started).toList();
	}

	private static double median(List<AppRun> runs, ToDoubleFunction<AppRun> metric) {
		return Stats.median(runs.stream().map(metric::applyAsDouble).toList());
	}

	private static String spread(List<AppRun> runs, ToDoubleFunction<AppRun> metric, double scale) {
		return Stats.spread(runs.stream().map((run) -> metric.applyAsDouble(run) / scale).toList());
	}

}
