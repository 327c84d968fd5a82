package io.github.secretresolver.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.secretresolver.benchmarks.AppStartup.Variant;

import static io.github.secretresolver.benchmarks.AppStartup.signed;
import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.ms;

/**
 * Scenario 11 (issue #15): the startup cost of scenario 8 when the application JVMs use Class Data
 * Sharing, as Spring Boot documents it: a training run per variant
 * ({@code -XX:ArchiveClassesAtExit=FILE -Dspring.context.exit=onRefresh}, against the same
 * endpoint, so the references are resolved and the AWS SDK's classes are archived), then every
 * start with {@code -XX:SharedArchiveFile=FILE}; with {@code bench.aotJava} (the {@code java}
 * command of a JDK 25 or later) also with that JDK's AOT cache ({@code -XX:AOTCacheOutput=FILE},
 * then {@code -XX:AOTCache=FILE}). The variants without an archive run in the same rounds, so
 * both are measured on the same machine state. At 0 ms added latency; variants alternate; medians
 * with min–max.
 * <p>
 * System properties: {@code bench.appReps} (default {@code bench.reps}), {@code bench.aotJava}
 * (default none).
 */
final class AppStartupWithCds {

	private final Bench bench;

	private final int reps;

	AppStartupWithCds(Bench bench) {
		this.bench = bench;
		this.reps = Integer.getInteger("bench.appReps", bench.reps);
	}

	/** How a JVM is given its application's classes ahead of time. */
	enum Sharing {

		/** No application archive (the JDK's default CDS archive only). */
		NONE(", no CDS"),

		/** A dynamic CDS archive ({@code -XX:SharedArchiveFile}). */
		CDS(", CDS"),

		/** An AOT cache (JDK 25+, {@code -XX:AOTCache}): classes loaded and linked, and profiles. */
		AOT_CACHE(", AOT cache");

		private final String suffix;

		Sharing(String suffix) {
			this.suffix = suffix;
		}

	}

	/**
	 * A variant of scenario 8 started by a {@code java} command, with its own archive or cache,
	 * or without.
	 */
	private record Side(Variant variant, Path java, String javaName, Sharing sharing, Path archive) {

		String label() {
			return this.variant.label().replaceFirst(" \\(15 ssm.*", "") + this.javaName + this.sharing.suffix;
		}

		boolean sameStartAs(Side other) {
			return this.java.equals(other.java) && this.sharing == other.sharing;
		}

		List<String> jvmOptions() {
			return switch (this.sharing) {
				case NONE -> List.of();
				case CDS -> List.of("-XX:SharedArchiveFile=" + this.archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
				case AOT_CACHE -> List.of("-XX:AOTCache=" + this.archive, "-Xlog:aot=off", "-Xlog:cds=off");
			};
		}

		List<String> trainingOptions() {
			return switch (this.sharing) {
				case NONE -> List.of();
				case CDS -> List.of("-XX:ArchiveClassesAtExit=" + this.archive, "-Dspring.context.exit=onRefresh");
				case AOT_CACHE -> List.of("-XX:AOTCacheOutput=" + this.archive, "-Dspring.context.exit=onRefresh");
			};
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
				+ "with `-XX:SharedArchiveFile=FILE`. Rows marked *AOT cache* do the same with the AOT cache of the JDK "
				+ "named (`-XX:AOTCacheOutput=FILE`, then `-XX:AOTCache=FILE`: classes loaded and linked ahead of time, "
				+ "with method profiles). The rows without an archive run in the same rounds. Other JVM options: %s. "
				+ "1 warm-up round + %d measured rounds, variants alternating; medians (min–max). Δ compares with (a) "
				+ "started the same way (same JDK, same archive kind or none).\n\n",
				launcher.jvmOptions().isEmpty() ? "none" : "`" + String.join(" ", launcher.jvmOptions()) + "`", this.reps));
		AwsProxy proxy = new AwsProxy(this.bench.moto.toString(), 0);
		try {
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			List<Side> sides = new ArrayList<>();
			for (String id : List.of("a", "b", "d", "e")) {
				Side side = new Side(AppStartup.variant(variants, id), java, "", Sharing.CDS,
						directory.resolve(id + ".jsa").toAbsolutePath());
				if (train(launcher, side, proxy)) {
					sides.add(side);
				}
			}
			for (String id : List.of("a", "d", "e")) {
				sides.add(new Side(AppStartup.variant(variants, id), java, "", Sharing.NONE, null));
			}
			String aotJava = System.getProperty("bench.aotJava", "");
			if (!aotJava.isBlank()) {
				Path other = Path.of(aotJava);
				String name = ", " + javaVersion(other);
				for (String id : List.of("a", "b", "d", "e")) {
					Side side = new Side(AppStartup.variant(variants, id), other, name, Sharing.AOT_CACHE,
							directory.resolve(id + ".aot").toAbsolutePath());
					if (train(launcher, side, proxy)) {
						sides.add(side);
					}
				}
				for (String id : List.of("a", "d", "e")) {
					sides.add(new Side(AppStartup.variant(variants, id), other, name, Sharing.NONE, null));
				}
			}
			Map<Side, List<AppRun>> runs = measure(launcher, sides, proxy);
			table(report, runs);
		}
		finally {
			proxy.close();
		}
	}

	/** The version of the JDK behind a {@code java} command ({@code java -version}'s first line). */
	private static String javaVersion(Path command) throws Exception {
		Process process = new ProcessBuilder(command.toString(), "-version").redirectErrorStream(true).start();
		String first = new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
		process.waitFor();
		Matcher version = Pattern.compile("\"(\\d+)[^\"]*\"").matcher(first);
		return version.find() ? "Java " + version.group(1) : first;
	}

	/** The training run of a side; whether it wrote its archive (reported if not). */
	private boolean train(AppLauncher launcher, Side side, AwsProxy proxy) throws Exception {
		Variant variant = side.variant();
		Files.deleteIfExists(side.archive());
		AppRun training = launcher.launch(side.java(), variant.id() + "-training", variant.starter(),
				AppStartup.arguments(this.bench, variant, proxy.endpoint()), side.trainingOptions(), false, proxy,
				AppStartup.TIMEOUT_SECONDS);
		if (!Files.exists(side.archive())) {
			Bench.log(f("app %s: the training run wrote no archive (%s)", side.label(), training.failure()));
			this.bench.report.append(f("- %s: the training run wrote no archive: `%s`\n", side.label(),
					AppStartup.oneLine(training.failure())));
			return false;
		}
		Bench.log(f("app %s: archive of %d MB", side.label(), Files.size(side.archive()) >> 20));
		return true;
	}

	private Map<Side, List<AppRun>> measure(AppLauncher launcher, List<Side> sides, AwsProxy proxy) throws Exception {
		Map<Side, List<AppRun>> runs = new LinkedHashMap<>();
		sides.forEach((side) -> runs.put(side, new ArrayList<>()));
		for (int round = -1; round < this.reps; round++) {
			for (int i = 0; i < sides.size(); i++) {
				Side side = sides.get(Math.floorMod(i + Math.max(round, 0), sides.size()));
				Variant variant = side.variant();
				AppRun run = launcher.launch(side.java(), variant.id() + "-" + side.sharing().name().toLowerCase(),
						variant.starter(),
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
		for (Map.Entry<Side, List<AppRun>> entry : runs.entrySet()) {
			Side side = entry.getKey();
			List<AppRun> ok = ok(entry.getValue());
			int failed = entry.getValue().size() - ok.size();
			String archive = (side.archive() != null) ? f("%d MB", Files.size(side.archive()) >> 20) : "none";
			if (ok.isEmpty()) {
				report.append(f("| %s | %s | all %d runs failed | | | | | %d |\n", side.label(), archive, failed, failed));
				continue;
			}
			List<AppRun> a = runs.entrySet()
				.stream()
				.filter((other) -> other.getKey().variant().id().equals("a") && other.getKey().sameStartAs(side))
				.map((other) -> ok(other.getValue()))
				.findFirst()
				.orElse(List.of());
			boolean isA = side.variant().id().equals("a") || a.isEmpty();
			double millis = median(ok, AppRun::millis);
			double rss = median(ok, AppRun::rssKb);
			report.append(f("| %s | %s | %s (%s) | %s | %s MB (%s) | %s | %.0f | %d |\n", side.label(), archive, ms(millis),
					spread(ok, AppRun::millis, 1), isA ? "–" : signed(millis - median(a, AppRun::millis), " ms"),
					AppStartup.mb(rss), spread(ok, AppRun::rssKb, 1024),
					isA ? "–" : signed((rss - median(a, AppRun::rssKb)) / 1024, " MB"), median(ok, AppRun::classes), failed));
			if (side.sharing() != Sharing.NONE && !isA) {
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
		String label = side.label() + " on both sides (informative)";
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
