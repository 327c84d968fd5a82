package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretresolver.benchmarks.Stats.f;

/** Scenario 4: K application contexts in one JVM over the same KMS references: one Decrypt per ciphertext. */
final class KmsAcrossContexts {

	private final Bench bench;

	KmsAcrossContexts(Bench bench) {
		this.bench = bench;
	}

	void run() {
		int k = 10;
		AwsProxy proxy = this.bench.proxy;
		Dataset data = this.bench.datasets.containsKey(100) ? this.bench.datasets.get(100)
				: this.bench.datasets.values().iterator().next();
		List<String> ciphertexts = Aws.freshCiphertexts(this.bench.moto, this.bench.keyId, data);
		Map<String, String> properties = Apps.awsProperties(proxy.endpoint());
		properties.putAll(data.references(ciphertexts));
		proxy.reset();
		List<Integer> decryptsPerContext = new ArrayList<>();
		int before = 0;
		for (int i = 0; i < k; i++) {
			try (ConfigurableApplicationContext context = Apps.run(Apps.PlainApp.class, properties)) {
				Bench.verify(context.getEnvironment(), data.expected(true));
			}
			int decrypts = proxy.counts().getOrDefault("Decrypt", 0);
			decryptsPerContext.add(decrypts - before);
			before = decrypts;
		}
		Map<String, Integer> counts = proxy.counts();
		int decrypts = counts.getOrDefault("Decrypt", 0);
		boolean met = decrypts == data.kms;
		Report report = this.bench.report;
		report.append("\n## 4. KMS: K = 10 application contexts in one JVM over the same references\n\n");
		report.append(f("%d `SpringApplication`s one after another, each over the N=%d references (%d fresh KMS ciphertexts).\n\n",
				k, data.n, data.kms));
		report.append(f("| unique ciphertexts | Decrypt calls in total | Decrypt per context | all calls |\n|---|---|---|---|\n"
				+ "| %d | %d | %s | %s |\n\nTarget exactly one Decrypt per unique ciphertext: **%s**.\n", data.kms, decrypts,
				decryptsPerContext, counts, met ? "met" : "not met"));
		report.summary("4", "Decrypt calls over 10 contexts", String.valueOf(data.kms), String.valueOf(decrypts), met);
	}

}
