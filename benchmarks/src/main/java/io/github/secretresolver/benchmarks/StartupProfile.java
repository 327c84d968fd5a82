package io.github.secretresolver.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;

/**
 * Scenario 9 (issue #15): where the startup time and memory the starter adds go, for (a) without the
 * starter, (b) with it and no reference and (d) with 22 references, at 0 ms added latency: Spring
 * Boot's startup steps ({@code BufferingApplicationStartup}), a JFR recording (execution samples up
 * to {@code ApplicationReadyEvent}), the classes loaded per package, and Native Memory Tracking.
 * <p>
 * System properties: {@code bench.profileReps} (runs per variant, default 3),
 * {@code bench.profileVariants} (default a,b,d).
 */
final class StartupProfile {

	/** Components a sample is attributed to when a frame of theirs is on its stack. */
	private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

	static {
		COMPONENTS.put("starter (`io.github.secretresolver`)", List.of("io.github.secretresolver."));
		COMPONENTS.put("AWS SDK", List.of("software.amazon.awssdk."));
		COMPONENTS.put("Spring Cloud AWS", List.of("io.awspring."));
		COMPONENTS.put("Apache HttpClient", List.of("org.apache.http.", "org.apache.hc."));
		COMPONENTS.put("Jackson", List.of("tools.jackson.", "com.fasterxml."));
		COMPONENTS.put("class loading (`ClassLoader.loadClass`, `jdk.internal.loader`)",
				List.of("java.lang.ClassLoader.loadClass", "jdk.internal.loader."));
		COMPONENTS.put("configuration files and binding (`org.springframework.boot.context`)",
				List.of("org.springframework.boot.context.config.", "org.springframework.boot.context.properties."));
		COMPONENTS.put("bean creation (`AbstractAutowireCapableBeanFactory.createBean`)",
				List.of("org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBean"));
		COMPONENTS.put("auto-configuration conditions (`org.springframework.boot.autoconfigure.condition`)",
				List.of("org.springframework.boot.autoconfigure.condition."));
	}

	/** Spring Boot's startup steps, in the order they happen. */
	private static final List<String> PHASES = List.of("spring.boot.application.starting",
			"spring.boot.application.environment-prepared", "spring.boot.application.context-prepared",
			"spring.boot.application.context-loaded", "spring.context.refresh", "spring.boot.application.started",
			"spring.boot.application.ready");

	static final int SAMPLE_PERIOD_MS = 2;

	private static final String MAIN_THREAD = "of which on the main thread";

	private final Bench bench;

	private final int reps = Integer.getInteger("bench.profileReps", 3);

	private final List<String> ids = List.of(System.getProperty("bench.profileVariants", "a,b,d").split(","));

	StartupProfile(Bench bench) {
		this.bench = bench;
	}

	/** What the runs of one variant produced. */
	private static final class Profile {

		final AppStartup.Variant variant;

		final List<AppRun> runs = new ArrayList<>();

		final List<Map<String, Double>> phases = new ArrayList<>();

		final List<Map<String, Double>> beans = new ArrayList<>();

		final Map<String, Integer> components = new LinkedHashMap<>();

		final Map<String, Integer> leafMethods = new HashMap<>();

		final Map<String, Integer> leafPackages = new HashMap<>();

		final Map<String, Integer> threads = new TreeMap<>();

		final List<Map<String, Long>> nmt = new ArrayList<>();

		final Map<String, Integer> packages = new HashMap<>();

		final Map<String, Double> classLoading = new LinkedHashMap<>();

		final Map<String, Integer> classLoads = new LinkedHashMap<>();

		int samples;

		Profile(AppStartup.Variant variant) {
			this.variant = variant;
		}

		double perRun(int count) {
			return (double) count / Math.max(1, this.runs.size());
		}

	}

	void run() throws Exception {
		AppLauncher launcher = new AppLauncher(this.bench.work.resolve("profile"));
		List<AppStartup.Variant> all = AppStartup.variants(this.bench, List.of(22));
		Map<String, Profile> profiles = new LinkedHashMap<>();
		for (String id : this.ids) {
			AppStartup.Variant variant = AppStartup.variant(all, id.trim());
			if (variant != null) {
				profiles.put(variant.id(), new Profile(variant));
			}
		}
		try (AwsProxy proxy = new AwsProxy(this.bench.moto.toString(), 0)) {
			for (int round = -1; round < this.reps; round++) {
				for (Profile profile : profiles.values()) {
					Path jfr = this.bench.work.resolve("profile").toAbsolutePath()
						.resolve(profile.variant.id() + "-" + (round + 1) + ".jfr");
					Files.deleteIfExists(jfr);
					List<String> options = List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true,"
							+ "jdk.ExecutionSample#period=" + SAMPLE_PERIOD_MS + "ms,jdk.ClassLoad#enabled=true,jdk.ClassLoad#threshold=0ms",
							"-XX:FlightRecorderOptions=stackdepth=256", "-XX:NativeMemoryTracking=summary");
					AppRun run = launcher.launch("profile-" + profile.variant.id(), profile.variant.starter(),
							AppStartup.arguments(this.bench, profile.variant, proxy.endpoint()), options, true, proxy,
							AppStartup.TIMEOUT_SECONDS);
					Bench.log(f("profile %s%s: %s, %.0f ms", profile.variant.id(), (round < 0) ? " (warm-up)" : "",
							run.started() ? "ready" : "FAILED " + run.failure(), run.millis()));
					if (round < 0 || !run.started()) {
						continue;
					}
					profile.runs.add(run);
					readSteps(profile, run);
					readRecording(profile, run, jfr);
					readClasses(profile, run);
					profile.nmt.add(nmt(sibling(run, ".nmt.txt")));
				}
			}
		}
		write(profiles);
	}

	private static Path sibling(AppRun run, String suffix) {
		return run.result().resolveSibling(run.result().getFileName() + suffix);
	}

	private static void readSteps(Profile profile, AppRun run) throws IOException {
		Map<String, Double> phases = new LinkedHashMap<>();
		Map<String, Double> beans = new LinkedHashMap<>();
		Map<Long, String> names = new HashMap<>();
		List<String[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines(sibling(run, ".steps.tsv"))) {
			String[] row = line.split("\t", -1);
			rows.add(row);
			names.put(Long.parseLong(row[2]), row[4]);
		}
		long jvmStart = run.number("jvmStartEpochMillis");
		phases.put("JVM start → `main()`", (double) (run.number("mainEpochMillis") - jvmStart));
		double inPhases = 0;
		for (String[] row : rows) {
			String name = row[4];
			double millis = Long.parseLong(row[1]) / 1000.0;
			if (PHASES.contains(name)) {
				phases.merge(name, millis, Double::sum);
				inPhases += millis;
			}
			String parent = row[3].equals("null") ? null : names.get(Long.parseLong(row[3]));
			if (name.equals("spring.beans.instantiate") && !"spring.beans.instantiate".equals(parent)) {
				beans.merge(row[5], millis, Double::sum);
			}
		}
		double total = run.millis();
		phases.put("other (between the steps)", total - phases.get("JVM start → `main()`") - inPhases);
		phases.put("total (JVM start → ready)", total);
		profile.phases.add(phases);
		profile.beans.add(beans);
	}

	private static void readRecording(Profile profile, AppRun run, Path jfr) throws IOException {
		Instant ready = Instant.ofEpochMilli(run.readyEpochMillis());
		List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
		readClassLoads(profile, events, ready);
		for (RecordedEvent event : events) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStartTime().isAfter(ready)
					|| event.getStackTrace() == null) {
				continue;
			}
			profile.samples++;
			String thread = event.getThread("sampledThread").getJavaName();
			profile.threads.merge(threadGroup(thread), 1, Integer::sum);
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			if (frames.isEmpty()) {
				continue;
			}
			RecordedFrame leaf = frames.get(0);
			String leafType = leaf.getMethod().getType().getName();
			profile.leafMethods.merge(leafType + "." + leaf.getMethod().getName(), 1, Integer::sum);
			profile.leafPackages.merge(packageOf(leafType, 4), 1, Integer::sum);
			Set<String> hit = new LinkedHashSet<>();
			for (RecordedFrame frame : frames) {
				String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
				COMPONENTS.forEach((component, prefixes) -> {
					for (String prefix : prefixes) {
						if (method.startsWith(prefix)) {
							hit.add(component);
						}
					}
				});
			}
			hit.forEach((component) -> profile.components.merge(component, 1, Integer::sum));
		}
	}

	/**
	 * Time spent loading classes before ready: the outermost {@code jdk.ClassLoad} events of each
	 * thread (a load that triggers others includes them), by the package group of the class loaded.
	 */
	private static void readClassLoads(Profile profile, List<RecordedEvent> events, Instant ready) {
		Map<Long, List<RecordedEvent>> byThread = new HashMap<>();
		for (RecordedEvent event : events) {
			if (event.getEventType().getName().equals("jdk.ClassLoad") && !event.getStartTime().isAfter(ready)
					&& event.getThread() != null) {
				byThread.computeIfAbsent(event.getThread().getId(), (id) -> new ArrayList<>()).add(event);
			}
		}
		Map<String, Double> millis = new LinkedHashMap<>();
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (List<RecordedEvent> loads : byThread.values()) {
			loads.sort(java.util.Comparator.comparing(RecordedEvent::getStartTime));
			boolean main = "main".equals(loads.get(0).getThread().getJavaName());
			Instant end = Instant.MIN;
			for (RecordedEvent load : loads) {
				jdk.jfr.consumer.RecordedClass loaded = load.getValue("loadedClass");
				String group = (loaded != null) ? AppLauncher.classGroup(loaded.getName()) : null;
				group = (group != null) ? group : "other (application, logging, …)";
				counts.merge(group, 1, Integer::sum);
				if (!load.getStartTime().isBefore(end)) {
					millis.merge(group, load.getDuration().toNanos() / 1e6, Double::sum);
					if (main) {
						millis.merge(MAIN_THREAD, load.getDuration().toNanos() / 1e6, Double::sum);
					}
					end = load.getEndTime();
				}
				if (main) {
					counts.merge(MAIN_THREAD, 1, Integer::sum);
				}
			}
		}
		millis.forEach((group, value) -> profile.classLoading.merge(group, value, Double::sum));
		counts.forEach((group, value) -> profile.classLoads.merge(group, value, Integer::sum));
	}

	private static String threadGroup(String thread) {
		return (thread == null) ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
	}

	private static void readClasses(Profile profile, AppRun run) throws IOException {
		Path classes = sibling(run, ".classes.txt");
		if (profile.runs.size() > 1 || !Files.exists(classes)) {
			return;
		}
		for (String name : Files.readAllLines(classes)) {
			profile.packages.merge(packageOf(name, 99), 1, Integer::sum);
		}
	}

	private static String packageOf(String className, int segments) {
		int dot = className.lastIndexOf('.');
		String pkg = (dot > 0) ? className.substring(0, dot) : "(default)";
		String[] parts = pkg.split("\\.");
		return (parts.length <= segments) ? pkg : String.join(".", java.util.Arrays.copyOf(parts, segments));
	}

	private static final Pattern NMT = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

	private static final Pattern NMT_TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

	private static Map<String, Long> nmt(Path file) throws IOException {
		Map<String, Long> committed = new LinkedHashMap<>();
		if (!Files.exists(file)) {
			return committed;
		}
		for (String line : Files.readAllLines(file)) {
			Matcher total = NMT_TOTAL.matcher(line.trim());
			if (total.find()) {
				committed.put("Total", Long.parseLong(total.group(2)));
			}
			Matcher matcher = NMT.matcher(line.trim());
			if (matcher.find()) {
				committed.put(matcher.group(1).trim(), Long.parseLong(matcher.group(3)));
			}
		}
		return committed;
	}

	private void write(Map<String, Profile> profiles) {
		Report report = this.bench.report;
		Profile a = profiles.get("a");
		List<Profile> all = new ArrayList<>(profiles.values());
		report.append("\n## 9. Where startup time goes\n\n");
		report.append(f("Profile of the application of scenario 8: %s; %d runs each after one "
				+ "warm-up round, each a JVM of its own, at 0 ms added latency (moto through a proxy that only counts). Every "
				+ "run records Spring Boot's startup steps (`BufferingApplicationStartup`), a JFR recording "
				+ "(`-XX:StartFlightRecording=settings=profile` with execution samples every %d ms per thread running Java "
				+ "code, stacks up to 256 frames, and every `jdk.ClassLoad`; only events before `ApplicationReadyEvent` count) and Native Memory "
				+ "Tracking (`-XX:NativeMemoryTracking=summary`, read at ready). The recording, NMT and step buffering slow "
				+ "the start down, so absolute times here are above scenario 8's; compare the variants with each other. "
				+ "The recordings stay in `%s` (`jfr summary FILE`, `jfr print --events jdk.ExecutionSample FILE`).\n\n"
				+ "Reproduce: `BENCH_ONLY=9 bash scripts/benchmark.sh` (with `BENCH_PROFILE_REPS`, `BENCH_PROFILE_VARIANTS`).\n",
				String.join(", ", all.stream().map((p) -> p.variant.label()).toList()), this.reps, SAMPLE_PERIOD_MS,
				this.bench.work.resolve("profile")));
		List<Profile> ok = all.stream().filter((p) -> !p.runs.isEmpty()).toList();
		if (ok.isEmpty()) {
			report.append("\n**No profiled run started.**\n");
			return;
		}
		phases(report, ok, a);
		beans(report, ok, a);
		samples(report, ok, a);
		classLoading(report, ok, a);
		leaves(report, ok);
		classes(report, ok, a);
		memory(report, ok, a);
	}

	private static String header(List<Profile> profiles, String first, boolean delta, Profile a) {
		StringBuilder header = new StringBuilder("| " + first);
		StringBuilder rule = new StringBuilder("|---");
		for (Profile profile : profiles) {
			header.append(" | ").append(profile.variant.label());
			rule.append("|---");
			if (delta && profile != a && a != null) {
				header.append(" | Δ (").append(profile.variant.id()).append(") − (a)");
				rule.append("|---");
			}
		}
		return header.append(" |\n").append(rule).append("|\n").toString();
	}

	private void phases(Report report, List<Profile> ok, Profile a) {
		report.append("\n### 9.1 Startup phases (Spring Boot's startup steps, median ms)\n\n");
		report.append("The starter resolves references in an environment post-processor, so its AWS calls and client "
				+ "creation fall in *environment-prepared*; auto-configured beans (including Spring Cloud AWS's clients) are "
				+ "created in *context refresh*.\n\n");
		report.append(header(ok, "phase", true, a));
		Set<String> keys = new LinkedHashSet<>();
		ok.forEach((p) -> p.phases.forEach((m) -> keys.addAll(m.keySet())));
		for (String key : keys) {
			StringBuilder row = new StringBuilder("| " + key.replace("spring.boot.application.", "").replace("spring.context.", "context "));
			for (Profile profile : ok) {
				double value = median(profile.phases.stream().map((m) -> m.getOrDefault(key, 0.0)).toList());
				row.append(f(" | %.0f", value));
				if (profile != a && a != null && !a.runs.isEmpty()) {
					double base = median(a.phases.stream().map((m) -> m.getOrDefault(key, 0.0)).toList());
					row.append(" | ").append(AppStartup.signed(value - base, ""));
				}
			}
			report.line(row.append(" |").toString());
		}
	}

	private void beans(Report report, List<Profile> ok, Profile a) {
		report.append("\n### 9.2 The slowest beans (top-level `spring.beans.instantiate` steps, dependencies included, median ms)\n\n");
		Map<String, Double> worst = new HashMap<>();
		for (Profile profile : ok) {
			if (profile == a) {
				continue;
			}
			Set<String> names = new LinkedHashSet<>();
			profile.beans.forEach((m) -> names.addAll(m.keySet()));
			for (String name : names) {
				double value = median(profile.beans.stream().map((m) -> m.getOrDefault(name, 0.0)).toList());
				double base = (a != null && !a.runs.isEmpty())
						? median(a.beans.stream().map((m) -> m.getOrDefault(name, 0.0)).toList()) : 0;
				worst.merge(name, value - base, Math::max);
			}
		}
		List<String> top = worst.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(12).map(Map.Entry::getKey).toList();
		report.append("The beans that add the most time over (a) in any variant.\n\n");
		report.append(header(ok, "bean", false, a));
		for (String name : top) {
			StringBuilder row = new StringBuilder("| `" + name + "`");
			for (Profile profile : ok) {
				double value = median(profile.beans.stream().map((m) -> m.getOrDefault(name, 0.0)).toList());
				row.append((value == 0) ? " | –" : f(" | %.1f", value));
			}
			report.line(row.append(" |").toString());
		}
	}

	private void samples(Report report, List<Profile> ok, Profile a) {
		report.append("\n### 9.3 JFR execution samples before ready (per run)\n\n");
		report.append("A sample counts for a component when a frame of that component is anywhere on its stack (so a row "
				+ "includes what that code called, and rows overlap). Samples are taken only from threads running Java code; "
				+ "time spent inside the VM (class definition and verification, JIT) or waiting (network, locks) is not "
				+ "sampled, which is why the class-loading times (9.4), the class counts (9.6) and the phases (9.1) complete this picture.\n\n");
		report.append(header(ok, "samples on stacks of", true, a));
		List<String> rows = new ArrayList<>();
		rows.add("all samples");
		rows.addAll(COMPONENTS.keySet());
		for (String component : rows) {
			StringBuilder row = new StringBuilder("| " + component);
			for (Profile profile : ok) {
				int count = component.equals("all samples") ? profile.samples : profile.components.getOrDefault(component, 0);
				double perRun = profile.perRun(count);
				row.append(f(" | %.0f (%.0f %%)", perRun, 100.0 * count / Math.max(1, profile.samples)));
				if (profile != a && a != null && !a.runs.isEmpty()) {
					int base = component.equals("all samples") ? a.samples : a.components.getOrDefault(component, 0);
					row.append(" | ").append(AppStartup.signed(perRun - a.perRun(base), ""));
				}
			}
			report.line(row.append(" |").toString());
		}
		report.append("\nSamples per thread (per run):\n\n");
		report.append(header(ok, "thread", false, a));
		Set<String> threads = new LinkedHashSet<>();
		ok.forEach((p) -> threads.addAll(p.threads.keySet()));
		for (String thread : threads) {
			StringBuilder row = new StringBuilder("| `" + thread + "`");
			for (Profile profile : ok) {
				row.append(f(" | %.0f", profile.perRun(profile.threads.getOrDefault(thread, 0))));
			}
			report.line(row.append(" |").toString());
		}
	}

	private void classLoading(Report report, List<Profile> ok, Profile a) {
		report.append("\n### 9.4 Time spent loading classes before ready (JFR `jdk.ClassLoad`, per run)\n\n");
		report.append("Wall time of the outermost class loads on each thread (a load that triggers others, such as its "
				+ "superclass, includes them), by the package of the class loaded, and the number of classes loaded, summed "
				+ "over threads: loads on several threads at once (the starter's fetch threads) add up, so the sum can exceed "
				+ "the wall time; the last row is the main thread's share. Loading only: linking, verification and static "
				+ "initialisation happen later and are not included.\n\n");
		report.append(header(ok, "classes of", true, a));
		Set<String> groups = new LinkedHashSet<>();
		ok.forEach((p) -> groups.addAll(p.classLoading.keySet()));
		groups.remove(MAIN_THREAD);
		List<String> rows = new ArrayList<>(groups);
		rows.add("all");
		rows.add(MAIN_THREAD);
		for (String group : rows) {
			StringBuilder row = new StringBuilder("| " + group);
			for (Profile profile : ok) {
				double value = group.equals("all") ? total(profile.classLoading) : profile.classLoading.getOrDefault(group, 0.0);
				int count = group.equals("all") ? (int) total(profile.classLoads) : profile.classLoads.getOrDefault(group, 0);
				double perRun = value / Math.max(1, profile.runs.size());
				row.append(f(" | %.0f ms (%.0f classes)", perRun, profile.perRun(count)));
				if (profile != a && a != null && !a.runs.isEmpty()) {
					double base = group.equals("all") ? total(a.classLoading) : a.classLoading.getOrDefault(group, 0.0);
					row.append(" | ").append(AppStartup.signed(perRun - base / Math.max(1, a.runs.size()), " ms"));
				}
			}
			report.line(row.append(" |").toString());
		}
	}

	private static double total(Map<String, ? extends Number> byGroup) {
		return byGroup.entrySet()
			.stream()
			.filter((e) -> !e.getKey().equals(MAIN_THREAD))
			.mapToDouble((e) -> e.getValue().doubleValue())
			.sum();
	}

	private void leaves(Report report, List<Profile> ok) {
		Profile last = ok.get(ok.size() - 1);
		report.append(f("\n### 9.5 Hottest leaf frames and packages in %s (samples over all %d runs)\n\n", last.variant.label(),
				last.runs.size()));
		report.append("| leaf method | samples | | leaf package | samples |\n|---|---|---|---|---|\n");
		List<Map.Entry<String, Integer>> methods = top(last.leafMethods, 15);
		List<Map.Entry<String, Integer>> packages = top(last.leafPackages, 15);
		for (int i = 0; i < Math.max(methods.size(), packages.size()); i++) {
			String method = (i < methods.size()) ? "`" + methods.get(i).getKey() + "` | " + methods.get(i).getValue() : " | ";
			String pkg = (i < packages.size()) ? "`" + packages.get(i).getKey() + "` | " + packages.get(i).getValue() : " | ";
			report.line("| " + method + " | | " + pkg + " |");
		}
	}

	private void classes(Report report, List<Profile> ok, Profile a) {
		report.append("\n### 9.6 Packages with the most classes loaded over (a) (named classes at ready, first run)\n\n");
		Map<String, Integer> base = (a != null) ? a.packages : Map.of();
		Profile last = ok.get(ok.size() - 1);
		Map<String, Integer> extra = new HashMap<>();
		for (Profile profile : ok) {
			if (profile == a) {
				continue;
			}
			profile.packages.forEach((pkg, count) -> extra.merge(pkg, count - base.getOrDefault(pkg, 0), Math::max));
		}
		report.append(header(ok, "package", false, a));
		int total = 0;
		for (Map.Entry<String, Integer> entry : top(extra, 25)) {
			StringBuilder row = new StringBuilder("| `" + entry.getKey() + "`");
			for (Profile profile : ok) {
				row.append(" | ").append(profile.packages.getOrDefault(entry.getKey(), 0));
			}
			report.line(row.append(" |").toString());
		}
		for (Profile profile : ok) {
			total = Math.max(total, profile.packages.values().stream().mapToInt(Integer::intValue).sum());
		}
		report.append(f("\n(%s: %d packages with classes loaded; the largest has %d named classes.)\n", last.variant.label(),
				last.packages.size(), total));
	}

	private void memory(Report report, List<Profile> ok, Profile a) {
		report.append("\n### 9.7 Memory at ready (Native Memory Tracking, committed, median MB)\n\n");
		report.append("RSS counts the committed memory the process has touched; NMT shows which JVM area it is in: *Java Heap* "
				+ "(objects; committed follows the GC's sizing, not only what is live), *Class* (metaspace: class metadata), "
				+ "*Code* (JIT-compiled code), *Thread* (stacks), *Symbol*, *GC*.\n\n");
		report.append(header(ok, "area", true, a));
		Set<String> keys = new LinkedHashSet<>();
		ok.forEach((p) -> p.nmt.forEach((m) -> keys.addAll(m.keySet())));
		for (String key : keys) {
			StringBuilder row = new StringBuilder("| " + key);
			boolean any = false;
			for (Profile profile : ok) {
				double value = median(profile.nmt.stream().map((m) -> (double) m.getOrDefault(key, 0L)).toList()) / 1024;
				any |= value >= 0.5;
				row.append(f(" | %.1f", value));
				if (profile != a && a != null && !a.runs.isEmpty()) {
					double baseValue = median(a.nmt.stream().map((m) -> (double) m.getOrDefault(key, 0L)).toList()) / 1024;
					row.append(f(" | %+.1f", value - baseValue));
				}
			}
			if (any) {
				report.line(row.append(" |").toString());
			}
		}
		report.append("\nAt ready, from the JVM's own beans (median MB unless noted). RSS includes every heap page the "
				+ "allocations touched before ready, garbage included, so it follows the allocation before the first "
				+ "collections more than the live heap.\n\n");
		report.append(header(ok, "measure", true, a));
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("vmRssKb", "RSS");
		labels.put("heap.used", "heap used");
		labels.put("heap.committed", "heap committed");
		labels.put("allocated.liveThreads", "allocated since start by the threads alive at ready");
		labels.put("pool.Metaspace.used", "metaspace used");
		labels.put("pool.Compressed_Class_Space.used", "compressed class space used");
		labels.put("gc.count", "garbage collections (count)");
		labels.put("gc.millis", "garbage collection time (ms)");
		labels.put("threads", "threads (count)");
		for (String key : labels.keySet()) {
			boolean kb = key.equals("vmRssKb");
			boolean count = key.equals("threads") || key.startsWith("gc.");
			StringBuilder row = new StringBuilder("| " + labels.get(key));
			for (Profile profile : ok) {
				double value = scale(median(profile.runs.stream().map((r) -> (double) r.number(key)).toList()), kb, count);
				row.append(f(" | %.1f", value));
				if (profile != a && a != null && !a.runs.isEmpty()) {
					double baseValue = scale(median(a.runs.stream().map((r) -> (double) r.number(key)).toList()), kb, count);
					row.append(f(" | %+.1f", value - baseValue));
				}
			}
			report.line(row.append(" |").toString());
		}
	}

	private static double scale(double value, boolean kb, boolean count) {
		return count ? value : kb ? value / 1024 : value / (1024 * 1024);
	}

	private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int limit) {
		return counts.entrySet()
			.stream()
			.filter((e) -> e.getValue() > 0)
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(limit)
			.toList();
	}

}
