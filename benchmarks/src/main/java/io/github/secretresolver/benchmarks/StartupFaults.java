package io.github.secretresolver.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.ms;

/**
 * Scenario 10 (issue #12's fault suite): the application of scenario 8 with 500 references and the
 * starter's default settings, started in its own JVM behind a fault-injecting proxy, once per
 * fault: started or not, time to start (or to fail), calls made, throttled answers, values missing.
 * Written to its own report ({@code bench.reliabilityOutput}).
 * <p>
 * System properties: {@code bench.faultProperties} (properties given to the application in every
 * row, e.g. a new budget property; none by default: the defaults are what is measured),
 * {@code bench.faultReps} (runs per fault, default 1), {@code bench.faultSize} (references, 500).
 */
final class StartupFaults {

	static final int TIMEOUT_SECONDS = 600;

	private final Bench bench;

	private final int reps = Integer.getInteger("bench.faultReps", 1);

	private final int size = Integer.getInteger("bench.faultSize", 500);

	StartupFaults(Bench bench) {
		this.bench = bench;
	}

	private record Fault(String label, FaultInjector.Kind kind, double fraction, int rate, boolean mustStart,
			String mustBe) {
	}

	static List<Fault> faults() {
		String starts = "starts with every value";
		String fails = "fails with the list of what could not be fetched, within the budget (≤ 60 s by default)";
		return List.of(new Fault("none (healthy)", FaultInjector.Kind.NONE, 0, 0, true, starts + ", calls = API minimum"),
				new Fault("Parameter Store throttled to 10 requests/s (`ThrottlingException` above)",
						FaultInjector.Kind.SSM_THROTTLE, 0, 10, true, starts),
				new Fault("30 % of requests answered HTTP 503", FaultInjector.Kind.HTTP_503, 0.3, 0, true, starts),
				new Fault("20 % of connections reset", FaultInjector.Kind.CONNECTION_RESET, 0.2, 0, true, starts),
				new Fault("total outage: every request answered HTTP 503", FaultInjector.Kind.OUTAGE, 1, 0, false, fails),
				new Fault("total outage: connection refused (nothing listening)", null, 0, 0, false, fails));
	}

	void run() throws Exception {
		Report report = this.bench.reliability;
		AppLauncher launcher = new AppLauncher(this.bench.work.resolve("faults"));
		Map<String, String> extra = Bench.properties(System.getProperty("bench.faultProperties", ""));
		AppStartup.Variant variant = new AppStartup.Variant("e", this.size + " references", true,
				this.bench.dataset(Dataset.of(this.size)), Map.of());
		Dataset data = variant.data();
		Map<String, String> expected = data.expected(true);
		int minimum = data.minimumCalls(true);
		report.append(f("\n## Startup under faults\n\nThe application of `docs/benchmarks.md` scenario 8 (`benchmarks/startup-app`, "
				+ "a JVM of its own per run) with %d references (%s; %d calls when healthy: ceil(parameter names / 10) "
				+ "GetParameters + ceil(secrets / 20) BatchGetSecretValue + one Decrypt per ciphertext) and the starter's "
				+ "**default settings**%s, started behind a WireMock proxy in front of moto that adds %d ms to every answer "
				+ "and injects one fault per row: Parameter Store throttling (sliding one-second window; above the rate, "
				+ "HTTP 400 with the AWS JSON error body `{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}`), "
				+ "HTTP 503 (`{\"__type\":\"ServiceUnavailable\"}`) on a random share of requests of every service, "
				+ "connections reset (WireMock's `CONNECTION_RESET_BY_PEER`) on a random share, every request answered 503, "
				+ "and a port where nothing listens (no proxy, so no calls counted). %d run(s) per fault. *Time* = JVM start "
				+ "to `ApplicationReadyEvent`, or to the startup failure. *Values missing* compares the values the "
				+ "application bound with the expected ones (must be 0 when it starts). The targets are issue #12's.\n\n",
				data.n, data.mix(), minimum,
				extra.isEmpty() ? "" : " plus `" + extra + "` (`BENCH_FAULT_PROPERTIES`)", this.bench.latency, this.reps));
		report.line("| fault | must be | started | time to start / to failure | calls made (per operation) | throttled answers | other faults injected | values missing | failure (first lines) | target |");
		report.line("|---|---|---|---|---|---|---|---|---|---|");
		for (Fault fault : faults()) {
			for (int r = 0; r < this.reps; r++) {
				row(report, launcher, variant, fault, extra, expected, minimum);
			}
		}
	}

	private void row(Report report, AppLauncher launcher, AppStartup.Variant variant, Fault fault, Map<String, String> extra,
			Map<String, String> expected, int minimum) throws Exception {
		FaultInjector injector = (fault.kind() != null)
				? new FaultInjector(fault.kind(), fault.fraction(), fault.rate(), this.bench.latency, 12) : null;
		AwsProxy proxy = (injector != null) ? new AwsProxy(this.bench.moto.toString(), this.bench.latency, injector) : null;
		try {
			URI endpoint = (proxy != null) ? proxy.endpoint() : URI.create("http://127.0.0.1:" + freePort());
			Map<String, String> arguments = new LinkedHashMap<>(AppStartup.arguments(this.bench, variant, endpoint));
			arguments.putAll(extra);
			Bench.log("fault: " + fault.label());
			AppRun run = launcher.launch("fault-" + fault.kind(), true, arguments, List.of(), false, proxy, TIMEOUT_SECONDS);
			Map<String, Integer> requests = (injector != null) ? injector.requests() : Map.of();
			int calls = requests.values().stream().mapToInt(Integer::intValue).sum();
			int injected = (injector != null) ? injector.injected.get() : 0;
			int throttled = (fault.kind() == FaultInjector.Kind.SSM_THROTTLE) ? injected : 0;
			int missing = run.started() ? run.missing(expected) : expected.size();
			boolean met;
			if (fault.mustStart()) {
				met = run.started() && missing == 0 && (fault.kind() != FaultInjector.Kind.NONE || calls == minimum);
			}
			else {
				met = !run.started() && run.millis() <= 60_000 && run.failure() != null
						&& run.failure().contains("could not be resolved");
			}
			Bench.log(f("fault %s: %s in %.0f ms, %d calls, %d injected, %d missing", fault.kind(),
					run.started() ? "started" : "failed", run.millis(), calls, injected, missing));
			report.append(f("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", fault.label(), fault.mustBe(),
					(run.started() == fault.mustStart()) ? (run.started() ? "yes" : "no") : (run.started() ? "**yes**" : "**no**"),
					ms(run.millis()),
					(injector != null) ? calls + " " + requests : "— (nothing listening)", (injector != null) ? throttled : "—",
					(injector != null) ? String.valueOf(injected - throttled) : "—", run.started() ? String.valueOf(missing) : "— (not started)",
					run.started() ? "—" : "`" + AppStartup.oneLine(failureLines(run.failure()))
						.replace(this.bench.work.toAbsolutePath().toString(), this.bench.work.toString()) + "`",
					met ? "met" : "**not met**"));
			this.bench.reliability.summary("faults", fault.label(), fault.mustBe(),
					(run.started() ? "started" : "failed") + " after " + ms(run.millis())
							+ (run.started() ? ", " + missing + " values missing" : ""), met);
		}
		finally {
			if (proxy != null) {
				proxy.close();
			}
		}
	}

	private static String failureLines(String failure) {
		if (failure == null) {
			return "";
		}
		List<String> lines = new ArrayList<>(failure.lines().limit(2).toList());
		return String.join(" ", lines).replace("`", "'");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
