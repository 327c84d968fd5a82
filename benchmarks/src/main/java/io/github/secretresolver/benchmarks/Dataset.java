package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The references of one scenario size N. {@link #of(int)} has the mix of issue #6: 60 % {@code ssm},
 * 15 % {@code ssm-secure}, 20 % Secrets Manager JSON keys (5 keys per secret, so over fewer
 * secrets) and 5 % {@code kms} (at least one); {@link #small()} is issue #15's small application.
 * Every name lives under its own prefix per dataset so that Spring Cloud AWS's path import loads
 * exactly the same values.
 */
final class Dataset {

	static final int KEYS_PER_SECRET = 5;

	final int n;

	final int kms;

	final int smKeys;

	final int secure;

	final int ssm;

	final int secrets;

	private final String name;

	private Dataset(String name, int ssm, int secure, int smKeys, int kms) {
		this.name = name;
		this.n = ssm + secure + smKeys + kms;
		this.ssm = ssm;
		this.secure = secure;
		this.smKeys = smKeys;
		this.kms = kms;
		this.secrets = (this.smKeys + KEYS_PER_SECRET - 1) / KEYS_PER_SECRET;
	}

	/** N references in the mix of issue #6. */
	static Dataset of(int n) {
		int smKeys = (int) Math.round(0.20 * n);
		int kms = Math.max(1, (int) Math.round(0.05 * n));
		int secure = (int) Math.floor(0.15 * n);
		return new Dataset("n" + n, n - smKeys - kms - secure, secure, smKeys, kms);
	}

	/** Issue #15's small application: 15 ssm, 2 ssm-secure, 3 Secrets Manager JSON keys (one secret), 2 kms. */
	static Dataset small() {
		return new Dataset("small22", 15, 2, 3, 2);
	}

	String path() {
		return "/bench/" + this.name + "/";
	}

	String ssmName(int i) {
		return path() + "p" + i;
	}

	String secureName(int i) {
		return path() + "s" + i;
	}

	String secretId(int j) {
		return "bench/" + this.name + "/secret" + j;
	}

	static String secretKey(int j, int k) {
		return "s" + j + "k" + k;
	}

	static String value(String name) {
		return "value-of-" + name;
	}

	/** The JSON of secret j: only the keys this dataset references. */
	String secretJson(int j) {
		StringJoiner json = new StringJoiner(",", "{", "}");
		for (int i = 0; i < this.smKeys; i++) {
			if (i / KEYS_PER_SECRET == j) {
				String key = secretKey(j, i % KEYS_PER_SECRET);
				json.add("\"" + key + "\":\"" + value(secretId(j) + "#" + key) + "\"");
			}
		}
		return json.toString();
	}

	String kmsPlaintext(int i) {
		return "kms-plaintext-" + this.name + "-" + i;
	}

	/**
	 * Property name → reference, with KMS references for the given ciphertexts (none if null).
	 */
	Map<String, String> references(List<String> kmsCiphertexts) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (int i = 0; i < this.ssm; i++) {
			properties.put("bench.values.p" + i, "<<resolve:ssm:" + ssmName(i) + ">>");
		}
		for (int i = 0; i < this.secure; i++) {
			properties.put("bench.values.s" + i, "<<resolve:ssm-secure:" + secureName(i) + ">>");
		}
		for (int i = 0; i < this.smKeys; i++) {
			int j = i / KEYS_PER_SECRET;
			String key = secretKey(j, i % KEYS_PER_SECRET);
			properties.put("bench.values." + key, "<<resolve:secretsmanager:" + secretId(j) + ":SecretString:" + key + ">>");
		}
		if (kmsCiphertexts != null) {
			for (int i = 0; i < kmsCiphertexts.size(); i++) {
				properties.put("bench.values.k" + i, "<<resolve:kms:" + kmsCiphertexts.get(i) + ">>");
			}
		}
		return properties;
	}

	/** Property name → expected value for {@link #references(List)}. */
	Map<String, String> expected(boolean withKms) {
		Map<String, String> expected = new LinkedHashMap<>();
		for (int i = 0; i < this.ssm; i++) {
			expected.put("bench.values.p" + i, value(ssmName(i)));
		}
		for (int i = 0; i < this.secure; i++) {
			expected.put("bench.values.s" + i, value(secureName(i)));
		}
		for (int i = 0; i < this.smKeys; i++) {
			int j = i / KEYS_PER_SECRET;
			String key = secretKey(j, i % KEYS_PER_SECRET);
			expected.put("bench.values." + key, value(secretId(j) + "#" + key));
		}
		if (withKms) {
			for (int i = 0; i < this.kms; i++) {
				expected.put("bench.values.k" + i, kmsPlaintext(i));
			}
		}
		return expected;
	}

	/** {@code spring.config.import} for Spring Cloud AWS: the parameter path and every secret. */
	String springCloudAwsImport() {
		List<String> ids = new ArrayList<>();
		for (int j = 0; j < this.secrets; j++) {
			ids.add(secretId(j));
		}
		return "aws-parameterstore:" + path() + ",aws-secretsmanager:" + String.join(";", ids);
	}

	/** Property name (as Spring Cloud AWS names it) → expected value. */
	Map<String, String> springCloudAwsExpected() {
		Map<String, String> expected = new LinkedHashMap<>();
		for (int i = 0; i < this.ssm; i++) {
			expected.put("p" + i, value(ssmName(i)));
		}
		for (int i = 0; i < this.secure; i++) {
			expected.put("s" + i, value(secureName(i)));
		}
		for (int i = 0; i < this.smKeys; i++) {
			int j = i / KEYS_PER_SECRET;
			String key = secretKey(j, i % KEYS_PER_SECRET);
			expected.put(key, value(secretId(j) + "#" + key));
		}
		return expected;
	}

	int parameterNames() {
		return this.ssm + this.secure;
	}

	/** The API minimum: ceil(parameter names / 10) + ceil(secrets / 20) + unique KMS ciphertexts. */
	int minimumCalls(boolean withKms) {
		return ceil(parameterNames(), 10) + ceil(this.secrets, 20) + (withKms ? this.kms : 0);
	}

	static int ceil(int a, int b) {
		return (a + b - 1) / b;
	}

	/** The references as a {@code .properties} file (what an application would have in its configuration). */
	void writeProperties(java.nio.file.Path file, List<String> kmsCiphertexts) throws java.io.IOException {
		StringBuilder text = new StringBuilder();
		references(kmsCiphertexts).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
		java.nio.file.Files.writeString(file, text);
	}

	String mix() {
		return this.ssm + " ssm / " + this.secure + " ssm-secure / " + this.smKeys + " SM keys over " + this.secrets
				+ " secrets / " + this.kms + " kms";
	}

}
