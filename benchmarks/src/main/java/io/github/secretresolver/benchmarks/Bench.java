package io.github.secretresolver.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.ssm.SsmClient;

import org.springframework.core.env.ConfigurableEnvironment;

import static io.github.secretresolver.benchmarks.Stats.median;

/**
 * What every scenario shares: settings (system properties set by {@code scripts/benchmark.sh}),
 * moto, the 20 ms proxy in front of it, the seeded datasets and the report being written.
 */
final class Bench {

	/** The starter's default {@code secret-resolver.max-concurrency}, used by the API-level scenarios. */
	static final int CONCURRENCY = 16;

	final URI moto = URI.create(System.getProperty("bench.moto", "http://127.0.0.1:4620"));

	final int latency = Integer.getInteger("bench.latency", 20);

	final int reps = Integer.getInteger("bench.reps", 5);

	final List<Integer> sizes = ints(System.getProperty("bench.sizes", "10,100,500"));

	final Path work = Path.of(System.getProperty("bench.work", "benchmarks/target/bench"));

	final Report report = new Report();

	/** The fault suite's own report (written to {@code bench.reliabilityOutput}). */
	final Report reliability = new Report();

	/** The datasets of the API-level scenarios ({@link #sizes}), in order. */
	final Map<Integer, Dataset> datasets = new LinkedHashMap<>();

	private final Map<String, Dataset> seeded = new LinkedHashMap<>();

	private final Map<String, List<String>> ciphertexts = new LinkedHashMap<>();

	private final Map<String, Path> referenceFiles = new LinkedHashMap<>();

	AwsProxy proxy;

	String keyId;

	/** Median round trip of one GetParameters call through {@link #proxy}. */
	double rttMillis;

	/** Median round trip of one GetParameters call made directly to moto. */
	double motoMillis;

	void start() throws Exception {
		Files.createDirectories(this.work);
		this.proxy = new AwsProxy(this.moto.toString(), this.latency);
		for (int n : this.sizes) {
			this.datasets.put(n, dataset(Dataset.of(n)));
		}
		this.keyId = Aws.createKey(this.moto);
		this.rttMillis = measureRtt(this.proxy.endpoint());
		this.motoMillis = measureRtt(this.moto);
		log(Stats.f("measured round trip through the proxy: %.1f ms, direct to moto: %.1f ms", this.rttMillis,
				this.motoMillis));
	}

	void stop() {
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	/** The dataset, seeded at moto the first time it is asked for. */
	Dataset dataset(Dataset data) {
		return this.seeded.computeIfAbsent(data.path(), (path) -> {
			long start = System.nanoTime();
			Aws.seed(this.moto, data);
			log(Stats.f("seeded %s (%s) in %.1f s", path, data.mix(), (System.nanoTime() - start) / 1e9));
			return data;
		});
	}

	/**
	 * KMS ciphertexts of a dataset made once and reused (for applications started in their own
	 * JVM, where the JVM-wide plaintext cache starts empty).
	 */
	List<String> stableCiphertexts(Dataset data) {
		return this.ciphertexts.computeIfAbsent(data.path(), (path) -> Aws.freshCiphertexts(this.moto, this.keyId, data));
	}

	/**
	 * The references of a dataset as a {@code .properties} file (with its {@link #stableCiphertexts}),
	 * written once per run.
	 */
	Path referencesFile(Dataset data) {
		return this.referenceFiles.computeIfAbsent(data.path(), (path) -> {
			Path file = this.work.resolve("references-" + path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "") + ".properties")
				.toAbsolutePath();
			try {
				data.writeProperties(file, stableCiphertexts(data));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			return file;
		});
	}

	/** Median round trip of a GetParameters call for 10 names, warm client. */
	double measureRtt(URI endpoint) {
		Dataset data = this.seeded.values().iterator().next();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < Math.min(10, data.ssm); i++) {
			names.add(data.ssmName(i));
		}
		List<Double> times = new ArrayList<>();
		try (SsmClient ssm = Aws.ssm(endpoint)) {
			for (int i = 0; i < 40; i++) {
				long start = System.nanoTime();
				ssm.getParameters((r) -> r.names(names).withDecryption(true));
				if (i >= 10) {
					times.add((System.nanoTime() - start) / 1e6);
				}
			}
		}
		return median(times);
	}

	static void verify(ConfigurableEnvironment environment, Map<String, String> expected) {
		List<String> wrong = new ArrayList<>();
		expected.forEach((name, value) -> {
			if (!value.equals(environment.getProperty(name))) {
				wrong.add(name + "=" + environment.getProperty(name));
			}
		});
		if (!wrong.isEmpty()) {
			throw new IllegalStateException(wrong.size() + " wrong values, e.g. " + wrong.subList(0, Math.min(3, wrong.size())));
		}
	}

	static List<Integer> ints(String text) {
		List<Integer> values = new ArrayList<>();
		for (String part : text.split(",")) {
			if (!part.isBlank()) {
				values.add(Integer.parseInt(part.trim()));
			}
		}
		return values;
	}

	/** {@code a=1,b=2} (commas inside a value may be escaped as {@code \,}) as an ordered map. */
	static Map<String, String> properties(String text) {
		Map<String, String> properties = new LinkedHashMap<>();
		if (text == null || text.isBlank()) {
			return properties;
		}
		for (String pair : text.split("(?<!\\\\),")) {
			String trimmed = pair.trim().replace("\\,", ",");
			int eq = trimmed.indexOf('=');
			if (eq > 0) {
				properties.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
			}
		}
		return properties;
	}

	static void log(String message) {
		System.out.println("[bench] " + message);
	}

}
