package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A Markdown report being written: the summary rows and the body. */
final class Report {

	final StringBuilder md = new StringBuilder();

	final List<String> summary = new ArrayList<>();

	final List<String> notRun = new ArrayList<>();

	Report append(String text) {
		this.md.append(text);
		return this;
	}

	Report line(String text) {
		this.md.append(text).append('\n');
		return this;
	}

	void summary(String scenario, String target, String expected, String measured, boolean met) {
		summary(scenario, target, expected, measured, met ? "met" : "not met");
	}

	void summary(String scenario, String target, String expected, String measured, String result) {
		this.summary.add("| " + scenario + " | " + target + " | " + expected + " | " + measured + " | " + result + " |");
	}

	boolean isEmpty() {
		return this.md.length() == 0 && this.summary.isEmpty();
	}

}
