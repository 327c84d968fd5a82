package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.refresh.SecretRefresher;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretresolver.benchmarks.Stats.f;
import static io.github.secretresolver.benchmarks.Stats.median;
import static io.github.secretresolver.benchmarks.Stats.ms;

/** Scenario 5: refresh of N unchanged references: the API minimum of calls, no event, no bean touched. */
final class RefreshUnchanged {

	private final Bench bench;

	RefreshUnchanged(Bench bench) {
		this.bench = bench;
	}

	void run() {
		Report report = this.bench.report;
		AwsProxy proxy = this.bench.proxy;
		report.append("\n## 5. Refresh of N unchanged references\n\n");
		report.append(f("`SpringApplication` with full auto-configuration (the starter, Spring Cloud Context's rebinder) and a "
				+ "`@ConfigurationProperties(\"bench\")` bean bound to the N references; background refresh off; then "
				+ "`SecretRefresher.refreshAll()` %d times. KMS references are never refreshed (a ciphertext cannot change), "
				+ "so the minimum is ceil(parameter names / 10) + ceil(secrets / 20).\n\n", this.bench.reps));
		report.line("| N | API minimum | calls per refresh (per operation) | changed properties | SecretsRefreshedEvent / EnvironmentChangeEvent | bean re-initialised / destroyed | refresh median | target |");
		report.line("|---|---|---|---|---|---|---|---|");
		for (Dataset data : this.bench.datasets.values()) {
			Map<String, String> properties = Apps.awsProperties(proxy.endpoint());
			properties.put("secret-resolver.refresh.enabled", "false");
			properties.putAll(data.references(Aws.freshCiphertexts(this.bench.moto, this.bench.keyId, data)));
			Apps.EventCounter events = new Apps.EventCounter();
			try (ConfigurableApplicationContext context = Apps.run(Apps.AutoApp.class, properties, events)) {
				Bench.verify(context.getEnvironment(), data.expected(true));
				Apps.BenchProperties bean = context.getBean(Apps.BenchProperties.class);
				if (!data.expected(true).get("bench.values.p0").equals(bean.getValues().get("p0"))) {
					throw new IllegalStateException("bean not bound: " + bean.getValues().get("p0"));
				}
				SecretRefresher refresher = context.getBean(SecretRefresher.class);
				int initialised = bean.initialised.get();
				int destroyed = bean.destroyed.get();
				List<Double> times = new ArrayList<>();
				List<Integer> calls = new ArrayList<>();
				Map<String, Integer> counts = null;
				int changed = 0;
				for (int r = 0; r < this.bench.reps; r++) {
					proxy.reset();
					long start = System.nanoTime();
					changed += refresher.refreshAll().changedProperties().size();
					times.add((System.nanoTime() - start) / 1e6);
					calls.add(proxy.total());
					counts = proxy.counts();
				}
				int minimum = data.minimumCalls(false);
				int refreshedEvents = events.count("SecretsRefreshedEvent");
				int changeEvents = events.count("EnvironmentChangeEvent");
				int touched = (bean.initialised.get() - initialised) + (bean.destroyed.get() - destroyed);
				boolean exact = calls.stream().allMatch((c) -> c == minimum);
				boolean met = exact && changed == 0 && refreshedEvents == 0 && changeEvents == 0 && touched == 0;
				report.append(f("| %d | %d | %s %s | %d | %d / %d | %d / %d | %s | %s |\n", data.n, minimum, calls, counts,
						changed, refreshedEvents, changeEvents, bean.initialised.get() - initialised,
						bean.destroyed.get() - destroyed, ms(median(times)), met ? "met" : "**not met**"));
				report.summary("5", "refresh N=" + data.n + ": calls = minimum, no event, no bean touched",
						minimum + " / 0 / 0", f("%s / %d / %d", calls, refreshedEvents + changeEvents, touched), met);
			}
		}
	}

}
