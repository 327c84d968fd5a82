package io.github.secretresolver.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts the small application ({@code benchmarks/startup-app}) in its own JVM ({@code java -cp ...}),
 * with or without the starter on the class path, and reads what it reports.
 * <p>
 * System properties (set by {@code scripts/benchmark.sh} from the reactor build):
 * {@code bench.appClasspath} (the application and spring-boot-starter), {@code bench.starterClasspath}
 * (the starter's runtime class path, added for the variants that have it),
 * {@code bench.appJvmOptions} (options for every application JVM, space-separated; none by default).
 */
final class AppLauncher {

	static final String MAIN_CLASS = "com.example.startup.StartupApplication";

	/** Loaded classes are counted per group of package prefixes: {@code label=prefix|prefix}. */
	static final String CLASS_GROUPS = "AWS SDK=software.amazon.awssdk;Apache HttpClient=org.apache.hc|org.apache.http;"
			+ "Netty=io.netty;Spring Cloud AWS=io.awspring;starter=io.github.secretresolver;Caffeine=com.github.benmanes;"
			+ "Resilience4j=io.github.resilience4j;Jackson=tools.jackson|com.fasterxml;Spring=org.springframework;"
			+ "JDK=java.|javax.|jdk.|sun.|com.sun.";

	private final List<String> appClasspath = split(System.getProperty("bench.appClasspath", ""));

	private final List<String> starterClasspath;

	private final List<String> jvmOptions = Arrays.stream(System.getProperty("bench.appJvmOptions", "").trim().split("\\s+"))
		.filter((option) -> !option.isEmpty())
		.toList();

	private final Path directory;

	private int runs;

	AppLauncher(Path directory) throws IOException {
		this.directory = Files.createDirectories(directory);
		Set<String> withStarter = new LinkedHashSet<>(this.appClasspath);
		withStarter.addAll(split(System.getProperty("bench.starterClasspath", "")));
		this.starterClasspath = new ArrayList<>(withStarter);
		if (this.appClasspath.isEmpty()) {
			throw new IllegalStateException("bench.appClasspath is not set (run scripts/benchmark.sh)");
		}
	}

	static List<String> classGroupLabels() {
		List<String> labels = new ArrayList<>();
		for (String group : CLASS_GROUPS.split(";")) {
			labels.add(group.substring(0, group.indexOf('=')));
		}
		return labels;
	}

	/** The package group of a class name (the first group whose prefix matches), or {@code null}. */
	static String classGroup(String className) {
		for (String group : CLASS_GROUPS.split(";")) {
			int eq = group.indexOf('=');
			for (String prefix : group.substring(eq + 1).split("\\|")) {
				if (className.startsWith(prefix)) {
					return group.substring(0, eq);
				}
			}
		}
		return null;
	}

	List<String> jvmOptions() {
		return this.jvmOptions;
	}

	/**
	 * Start the application and wait until its JVM exits.
	 * @param name a short name for the files of this run
	 * @param withStarter whether the starter is on the class path
	 * @param arguments command-line properties ({@code --name=value})
	 * @param jvmOptions JVM options of this run only (after {@code bench.appJvmOptions})
	 * @param profile whether the application also writes its startup steps, class names and NMT summary
	 * @param proxy the proxy whose calls are counted for this run (reset first), or {@code null}
	 * @param timeoutSeconds how long the JVM may run
	 */
	AppRun launch(String name, boolean withStarter, Map<String, String> arguments, List<String> jvmOptions,
			boolean profile, AwsProxy proxy, int timeoutSeconds) throws IOException, InterruptedException {
		return launch(Path.of(System.getProperty("java.home"), "bin", "java"), name, withStarter, arguments, jvmOptions,
				profile, proxy, timeoutSeconds);
	}

	/**
	 * Start the application with a given {@code java} command and wait until its JVM exits.
	 * @param javaCommand the {@code java} command
	 * @see #launch(String, boolean, Map, List, boolean, AwsProxy, int)
	 */
	AppRun launch(Path javaCommand, String name, boolean withStarter, Map<String, String> arguments, List<String> jvmOptions,
			boolean profile, AwsProxy proxy, int timeoutSeconds) throws IOException, InterruptedException {
		String base = name + "-" + (++this.runs);
		Path result = this.directory.resolve(base + ".properties").toAbsolutePath();
		Path values = this.directory.resolve(base + ".values").toAbsolutePath();
		Path log = this.directory.resolve(base + ".log").toAbsolutePath();
		Files.deleteIfExists(result);
		List<String> command = new ArrayList<>();
		command.add(javaCommand.toString());
		command.addAll(this.jvmOptions);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(String.join(java.io.File.pathSeparator, withStarter ? this.starterClasspath : this.appClasspath));
		command.add("-Dprobe.result=" + result);
		command.add("-Dprobe.values=" + values);
		command.add("-Dprobe.classGroups=" + CLASS_GROUPS);
		if (profile) {
			command.add("-Dprobe.profile=true");
		}
		command.add(MAIN_CLASS);
		arguments.forEach((key, value) -> command.add("--" + key + "=" + value));
		if (proxy != null) {
			proxy.reset();
		}
		long launched = System.currentTimeMillis();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		long ended = System.currentTimeMillis();
		if (!exited) {
			process.destroyForcibly().waitFor();
		}
		Map<String, Integer> calls = (proxy != null) ? proxy.counts() : Map.of();
		Properties properties = new Properties();
		if (Files.exists(result)) {
			try (InputStream in = Files.newInputStream(result)) {
				properties.load(in);
			}
		}
		Map<String, String> bound = new LinkedHashMap<>();
		if (Files.exists(values)) {
			Properties loaded = new Properties();
			try (InputStream in = Files.newInputStream(values)) {
				loaded.load(in);
			}
			loaded.forEach((key, value) -> bound.put(String.valueOf(key), String.valueOf(value)));
		}
		boolean started = "true".equals(properties.getProperty("started")) && exited && process.exitValue() == 0;
		String failure = null;
		double millis;
		double launchMillis;
		if (started) {
			millis = Double.parseDouble(properties.getProperty("startupMillis"));
			launchMillis = Long.parseLong(properties.getProperty("readyEpochMillis")) - launched;
		}
		else {
			millis = Double.parseDouble(properties.getProperty("failureMillis", String.valueOf(ended - launched)));
			launchMillis = ended - launched;
			failure = !exited ? "did not exit within " + timeoutSeconds + " s"
					: properties.getProperty("failure.message", "exit code " + process.exitValue() + ", no result (see " + log + ")");
		}
		return new AppRun(started, millis, launchMillis, properties, bound, calls, failure, result);
	}

	private static List<String> split(String classpath) {
		return Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter((entry) -> !entry.isBlank()).toList();
	}

}
