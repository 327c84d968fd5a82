package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Small statistics and formatting helpers. */
final class Stats {

	private Stats() {
	}

	static double median(List<? extends Number> values) {
		List<Double> sorted = new ArrayList<>();
		values.forEach((value) -> sorted.add(value.doubleValue()));
		Collections.sort(sorted);
		int n = sorted.size();
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static double min(List<? extends Number> values) {
		return values.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN);
	}

	static double max(List<? extends Number> values) {
		return values.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
	}

	static String ms(double millis) {
		return String.format(Locale.ROOT, (millis < 10) ? "%.2f ms" : "%.0f ms", millis);
	}

	static String x(double ratio) {
		return String.format(Locale.ROOT, "%.2f×", ratio);
	}

	static String f(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	static String spread(List<? extends Number> values) {
		return f("%.0f–%.0f", min(values), max(values));
	}

}
