package io.github.secretresolver.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.fetch.AwsFetcher;
import io.github.secretresolver.fetch.Budget;
import org.openjdk.jol.info.GraphLayout;
import software.amazon.awssdk.core.retry.RetryMode;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static io.github.secretresolver.benchmarks.Bench.CONCURRENCY;
import static io.github.secretresolver.benchmarks.Stats.f;

/** Scenario 7: retained heap per cached reference (JOL). */
final class RetainedMemory {

	private final Bench bench;

	RetainedMemory(Bench bench) {
		this.bench = bench;
	}

	void run() {
		Report report = this.bench.report;
		report.append("\n## 7. Memory: retained heap per cached reference\n\n");
		report.append("JOL `GraphLayout.parseInstance(...)` of everything the starter keeps after resolving N references "
				+ "(`ReferenceResolver` with its value store and resolved values, and the wrapping property source, less the "
				+ "fetcher with its AWS clients and the application's own map of written values), without KMS (its cache is "
				+ "JVM-wide). Per reference = the difference between the two largest N divided by the difference in N (the "
				+ "smallest N also carries fixed costs).\n\n| N | retained bytes | bytes / reference |\n|---|---|---|\n");
		Map<Integer, Long> sizes = new LinkedHashMap<>();
		List<Dataset> runs = new ArrayList<>();
		runs.add(this.bench.datasets.values().iterator().next()); // warm-up: lazily created shared state is paid here
		runs.addAll(this.bench.datasets.values());
		boolean warmUp = true;
		for (Dataset data : runs) {
			StandardEnvironment environment = new StandardEnvironment();
			Map<String, Object> written = new LinkedHashMap<>(data.references(null));
			environment.getPropertySources().addFirst(new MapPropertySource("application", written));
			try (AwsClients clients = new AwsClients(Aws.factory(this.bench.proxy.endpoint(), RetryMode.STANDARD))) {
				AwsFetcher fetcher = new AwsFetcher(clients, CONCURRENCY, Budget.of(Duration.ofSeconds(60)));
				ReferenceResolver resolver = new ReferenceResolver(fetcher, Clock.systemUTC());
				resolver.resolve(environment);
				// What the starter keeps, less the AWS clients and the application's own map of written values.
				long size = GraphLayout
					.parseInstance(resolver, resolver.resolvedValues(), environment.getPropertySources().get("application"))
					.subtract(GraphLayout.parseInstance(fetcher, written))
					.totalSize();
				if (warmUp) {
					warmUp = false;
					report.append(f("| %d (warm-up, discarded) | %d | %.0f |\n", data.n, size, (double) size / data.n));
					continue;
				}
				sizes.put(data.n, size);
				report.append(f("| %d | %d | %.0f |\n", data.n, size, (double) size / data.n));
			}
		}
		List<Integer> ns = new ArrayList<>(sizes.keySet());
		if (ns.size() >= 2) {
			int first = ns.get(ns.size() - 2);
			int last = ns.get(ns.size() - 1);
			double perReference = (double) (sizes.get(last) - sizes.get(first)) / (last - first);
			report.append(f("\nMarginal retained heap: **%.0f bytes per reference** (includes the written value, the parsed "
					+ "reference, its status and the resolved value; the application's own map of written values and "
					+ "the AWS clients are not counted). No target was set in the issue.\n", perReference));
			report.summary("7", "retained heap per cached reference", "(no target)", f("%.0f bytes", perReference), "—");
		}
	}

}
