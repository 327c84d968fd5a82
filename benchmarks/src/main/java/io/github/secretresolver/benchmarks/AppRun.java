package io.github.secretresolver.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What one start of the small application in its own JVM reported ({@link AppLauncher}): its
 * measurements at {@code ApplicationReadyEvent}, or how it failed; the values it bound; the AWS
 * calls the proxy saw while it ran.
 *
 * @param started whether it reached {@code ApplicationReadyEvent}
 * @param millis JVM start to ready (or to the failure)
 * @param launchMillis process launch (as seen by the harness) to ready (or to exit)
 * @param properties everything the application reported
 * @param values the values bound to its {@code @ConfigurationProperties} bean
 * @param calls AWS calls per operation, counted by the proxy
 * @param failure the first lines of the failure, or {@code null}
 * @param result the result file (profile files sit next to it)
 */
record AppRun(boolean started, double millis, double launchMillis, Properties properties, Map<String, String> values,
		Map<String, Integer> calls, String failure, Path result) {

	long rssKb() {
		return number("vmRssKb");
	}

	long hwmKb() {
		return number("vmHwmKb");
	}

	long classes() {
		return number("classes.total");
	}

	long readyEpochMillis() {
		return number("readyEpochMillis");
	}

	long number(String key) {
		String value = this.properties.getProperty(key);
		return (value != null) ? Long.parseLong(value.trim()) : -1;
	}

	Map<String, Long> classGroups() {
		Map<String, Long> groups = new LinkedHashMap<>();
		for (String label : AppLauncher.classGroupLabels()) {
			groups.put(label, number("classes.group." + label));
		}
		return groups;
	}

	int totalCalls() {
		return this.calls.values().stream().mapToInt(Integer::intValue).sum();
	}

	/** How many expected values are missing or wrong. */
	int missing(Map<String, String> expected) {
		int missing = 0;
		for (Map.Entry<String, String> entry : expected.entrySet()) {
			String name = entry.getKey().replaceFirst("^bench\\.values\\.", "");
			if (!entry.getValue().equals(this.values.get(name))) {
				missing++;
			}
		}
		return missing;
	}

}
