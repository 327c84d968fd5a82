package io.github.secretresolver.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootVersion;

import static io.github.secretresolver.benchmarks.Stats.f;

/**
 * Runs the benchmark scenarios (issues #6, #12 and #15) and writes the results as Markdown: every
 * scenario but the fault suite to {@code bench.output}, the fault suite to
 * {@code bench.reliabilityOutput}. One class per scenario; {@link Bench} holds what they share.
 * <p>
 * System properties: {@code bench.moto} (moto's URL, required), {@code bench.latency} (ms added by
 * the proxy, default 20), {@code bench.reps} (repetitions per side, default 5), {@code bench.sizes}
 * (N of the API-level scenarios, default 10,100,500), {@code bench.output} (default
 * docs/benchmarks.md), {@code bench.reliabilityOutput} (default docs/reliability-startup.md),
 * {@code bench.command}, {@code bench.machine} (text describing the machine, from the script),
 * {@code bench.skip} / {@code bench.only} (comma-separated scenario ids), {@code bench.label} (a
 * note printed at the top of the reports); the scenario classes document their own.
 */
public final class BenchmarkRunner {

	private final Bench bench = new Bench();

	private final List<String> skip = ids(System.getProperty("bench.skip", ""));

	private final List<String> only = ids(System.getProperty("bench.only", ""));

	private final Path output = Path.of(System.getProperty("bench.output", "docs/benchmarks.md"));

	private final Path reliabilityOutput = Path.of(System.getProperty("bench.reliabilityOutput", "docs/reliability-startup.md"));

	private final List<String> ran = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		new BenchmarkRunner().run();
		System.exit(0);
	}

	private void run() throws Exception {
		Instant started = Instant.now();
		Bench.log("moto at " + this.bench.moto + ", proxy latency " + this.bench.latency + " ms, " + this.bench.reps
				+ " repetitions");
		try {
			this.bench.start();
			scenario("1", "Startup resolution (API)", () -> new StartupResolution(this.bench).run());
			scenario("1b", "Startup resolution vs Spring Cloud AWS (moto and concurrent stand-in)",
					() -> new SpringCloudAwsComparison(this.bench).run());
			scenario("2", "Zero references", () -> new ZeroReferences(this.bench).run());
			scenario("3", "Property reads (JMH)", () -> new PropertyReads(this.bench).run());
			scenario("4", "KMS across contexts", () -> new KmsAcrossContexts(this.bench).run());
			scenario("5", "Refresh of unchanged references", () -> new RefreshUnchanged(this.bench).run());
			scenario("6", "Fleet against a throttled SSM", () -> new Fleet(this.bench).run());
			scenario("7", "Memory per cached reference", () -> new RetainedMemory(this.bench).run());
			scenario("8", "Startup cost of a small application (forked JVMs)", () -> new AppStartup(this.bench).run());
			scenario("9", "Where startup time goes (profile)", () -> new StartupProfile(this.bench).run());
			scenario("10", "Startup under faults", () -> new StartupFaults(this.bench).run());
			scenario("11", "Startup cost with Class Data Sharing (forked JVMs)",
					() -> new AppStartupWithCds(this.bench).run());
			scenario("12", "The AWS SDK's own cold start (forked JVMs)", () -> new SdkColdStart(this.bench).run());
		}
		finally {
			this.bench.stop();
		}
		Duration took = Duration.between(started, Instant.now());
		if (!this.bench.report.isEmpty() || this.bench.reliability.isEmpty()) {
			write(this.output, "Benchmarks", "Startup and refresh cost of the starter at the AWS API minimum, side by side with "
					+ "Spring Cloud AWS (issue #6); the startup cost of a small application with and without the starter, where "
					+ "that time goes, and a fleet against a throttled Parameter Store (issues #12 and #15). The fault suite "
					+ "writes `docs/reliability-startup.md`.", this.bench.report, started, took, "/benchmark-notes.md");
		}
		if (!this.bench.reliability.isEmpty()) {
			write(this.reliabilityOutput, "Startup reliability: the fault suite",
					"What an application with 500 references and the starter's default settings does at startup when AWS is "
							+ "throttled, failing or down (issue #12). Scenario 10 of `scripts/benchmark.sh`; "
							+ "`docs/reliability.md` covers the faults tested in the normal build.",
					this.bench.reliability, started, took, null);
		}
	}

	private interface Scenario {

		void run() throws Exception;

	}

	private void scenario(String id, String title, Scenario scenario) {
		if (this.skip.contains(id) || (!this.only.isEmpty() && !this.only.contains(id))) {
			Bench.log("skipping scenario " + id);
			(id.equals("10") ? this.bench.reliability : this.bench.report).notRun.add(id + " (" + title + ")");
			return;
		}
		Bench.log("scenario " + id + ": " + title);
		long start = System.nanoTime();
		Report report = id.equals("10") ? this.bench.reliability : this.bench.report;
		try {
			scenario.run();
			this.ran.add(id);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			report.append("\n**Scenario " + id + " failed to run:** `" + ex + "`\n");
			report.summary(id, title, "—", "did not run (`" + ex.getClass().getSimpleName() + "`)", "not met");
		}
		Bench.log(f("scenario %s done in %.1f s", id, (System.nanoTime() - start) / 1e9));
	}

	static String springCloudAwsVersion() {
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

	private void write(Path file, String title, String intro, Report report, Instant started, Duration took, String notesResource)
			throws IOException {
		StringBuilder doc = new StringBuilder();
		doc.append("# ").append(title).append("\n\n");
		doc.append(intro).append(" Generated by `scripts/benchmark.sh`; do not edit by hand — rerun it.\n\n");
		String label = System.getProperty("bench.label", "");
		if (!label.isBlank()) {
			doc.append("> ").append(label).append("\n\n");
		}
		doc.append("## How it was run\n\n");
		doc.append("```bash\n").append(System.getProperty("bench.command", "bash scripts/benchmark.sh")).append("\n```\n\n");
		doc.append("- Date: ").append(started).append(f(" (run took %d s; scenarios run: %s)\n", took.toSeconds(),
				String.join(", ", this.ran)));
		doc.append("- Machine: ").append(System.getProperty("bench.machine", Runtime.getRuntime().availableProcessors() + " CPUs"))
			.append('\n');
		doc.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
			.append(f(", max heap %d MB (the harness; applications started in their own JVM use the JVM's defaults)\n",
					Runtime.getRuntime().maxMemory() / (1024 * 1024)));
		doc.append("- Versions: Spring Boot ").append(SpringBootVersion.getVersion())
			.append(", Spring Cloud AWS ").append(springCloudAwsVersion())
			.append(", AWS SDK ").append(software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION)
			.append(", WireMock ").append(System.getProperty("bench.wiremockVersion", "?"))
			.append(", moto ").append(System.getProperty("bench.motoVersion", "?"))
			.append(", starter ").append(System.getProperty("bench.starterVersion", "0.1.0-SNAPSHOT"))
			.append(System.getProperty("bench.commit", "").isBlank() ? "" : " at commit " + System.getProperty("bench.commit"))
			.append('\n');
		doc.append(f("- AWS: moto at %s behind a WireMock proxy adding a fixed %d ms to every response; calls are counted "
				+ "per operation from the proxy's serve events (`X-Amz-Target`). Measured round trip of one GetParameters "
				+ "call through the proxy: %.1f ms (direct to moto: %.1f ms).\n", this.bench.moto, this.bench.latency,
				this.bench.rttMillis, this.bench.motoMillis));
		doc.append(f("- Repetitions: %d per side (after warm-up), medians reported; comparisons alternate both sides in the same run. "
				+ "Counts are exact and are the primary figure; times on a shared 2-CPU machine are indicative.\n\n", this.bench.reps));
		doc.append("## Summary\n\n| scenario | target | expected | measured | result |\n|---|---|---|---|---|\n");
		report.summary.forEach((line) -> doc.append(line).append('\n'));
		doc.append(report.md);
		doc.append("\n## Not run\n\n");
		doc.append(report.notRun.isEmpty() ? "Every scenario ran (see above for those whose target was not met).\n"
				: "Skipped in this run (`BENCH_SKIP` / `BENCH_ONLY`): " + String.join(", ", report.notRun) + ".\n");
		if (notesResource != null) {
			try (var notes = BenchmarkRunner.class.getResourceAsStream(notesResource)) {
				if (notes != null) {
					doc.append(new String(notes.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
		}
		Path absolute = file.toAbsolutePath();
		Files.createDirectories(absolute.getParent());
		Files.writeString(absolute, doc.toString());
		Bench.log("wrote " + absolute);
	}

	private static List<String> ids(String text) {
		List<String> ids = new ArrayList<>();
		for (String id : text.split(",")) {
			if (!id.isBlank()) {
				ids.add(id.trim());
			}
		}
		return ids;
	}

}
