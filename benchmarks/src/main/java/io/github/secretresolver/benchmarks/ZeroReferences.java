package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.fetch.AwsClients;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;

/** Scenario 2: full auto-configuration, no reference, the starter enabled vs disabled (in this JVM). */
final class ZeroReferences {

	private final Bench bench;

	ZeroReferences(Bench bench) {
		this.bench = bench;
	}

	void run() {
		Report report = this.bench.report;
		AwsProxy proxy = this.bench.proxy;
		int runs = Math.max(10, this.bench.reps * 3);
		report.append("\n## 2. Startup overhead with zero references\n\n");
		report.append(f("`SpringApplication` with full auto-configuration and no reference, `secret-resolver.enabled=true` vs "
				+ "`false`, alternating, 3 warm-ups + %d measured runs each, in this (warm) JVM; AWS settings point at the "
				+ "proxy (equal on both sides). Noise = the larger interquartile range of the two sides. Scenario 8 measures "
				+ "the same in fresh JVMs, against an application without the starter.\n\n", runs));
		List<Double> on = new ArrayList<>();
		List<Double> off = new ArrayList<>();
		int clientsCreated = -1;
		int calls = 0;
		for (int r = -3; r < runs; r++) {
			for (boolean enabled : new boolean[] { true, false }) {
				Map<String, String> properties = Apps.awsProperties(proxy.endpoint());
				properties.put("secret-resolver.enabled", String.valueOf(enabled));
				properties.put("secret-resolver.refresh.enabled", "false");
				proxy.reset();
				long start = System.nanoTime();
				try (ConfigurableApplicationContext context = Apps.run(Apps.AutoApp.class, properties)) {
					double millis = (System.nanoTime() - start) / 1e6;
					calls += proxy.total();
					if (enabled) {
						AwsClients clients = context.getBeanProvider(AwsClients.class).getIfAvailable();
						clientsCreated = Math.max(clientsCreated, (clients != null) ? clients.size() : 0);
					}
					if (r >= 0) {
						(enabled ? on : off).add(millis);
					}
				}
			}
		}
		double delta = median(on) - median(off);
		double noise = Math.max(iqr(on), iqr(off));
		boolean met = Math.abs(delta) <= noise;
		report.line("| side | startup median (min–max) | IQR |\n|---|---|---|");
		report.append(f("| enabled, no references | %s (%s) | %s |\n", ms(median(on)), Stats.spread(on), ms(iqr(on))));
		report.append(f("| `secret-resolver.enabled=false` | %s (%s) | %s |\n", ms(median(off)), Stats.spread(off), ms(iqr(off))));
		report.append(f("\nDifference of medians: %s (noise %s) → **%s**. AWS clients created by the starter (`AwsClients.size()`, "
				+ "largest over all runs): **%d**; requests seen by the proxy over all runs: **%d**.\n", ms(delta), ms(noise),
				met ? "within noise" : "outside noise", clientsCreated, calls));
		report.summary("2", "overhead within noise", "≤ " + ms(noise), ms(delta), met);
		report.summary("2", "zero AWS clients, zero calls", "0 / 0", clientsCreated + " / " + calls,
				clientsCreated == 0 && calls == 0);
	}

	private static double iqr(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int n = sorted.size();
		return sorted.get((3 * n) / 4 - ((n % 4 == 0) ? 1 : 0)) - sorted.get(n / 4);
	}

}
