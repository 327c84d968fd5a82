package com.example.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import javax.management.ObjectName;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ApplicationListener;

/**
 * Records, at {@link ApplicationReadyEvent}, the time since the JVM started, the resident set
 * size, the memory pools and the classes loaded; then (outside the measured startup) the loaded
 * classes per package group and the bound values.
 *
 * @author Secret Resolver contributors
 */
class StartupProbe implements ApplicationListener<ApplicationReadyEvent> {

	private final Path result;

	private final Properties measured = new Properties();

	private final long mainMillis = System.currentTimeMillis();

	StartupProbe(Path result) {
		this.result = result;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		long now = System.currentTimeMillis();
		Map<String, String> status = procStatus();
		RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
		ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
		put("started", "true");
		put("jvmStartEpochMillis", runtime.getStartTime());
		put("mainEpochMillis", this.mainMillis);
		put("readyEpochMillis", now);
		put("startupMillis", now - runtime.getStartTime());
		put("vmRssKb", kilobytes(status.get("VmRSS")));
		put("vmHwmKb", kilobytes(status.get("VmHWM")));
		put("threads", status.getOrDefault("Threads", "0").trim());
		put("classes.total", classLoading.getTotalLoadedClassCount());
		put("classes.loaded", classLoading.getLoadedClassCount());
		put("classes.unloaded", classLoading.getUnloadedClassCount());
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			put("pool." + pool.getName().replace(' ', '_') + ".used", pool.getUsage().getUsed());
			put("pool." + pool.getName().replace(' ', '_') + ".committed", pool.getUsage().getCommitted());
		}
		long collections = 0;
		long collectionMillis = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			collections += Math.max(0, collector.getCollectionCount());
			collectionMillis += Math.max(0, collector.getCollectionTime());
		}
		put("gc.count", collections);
		put("gc.millis", collectionMillis);
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
			long allocated = 0;
			for (long id : threads.getAllThreadIds()) {
				allocated += Math.max(0, threads.getThreadAllocatedBytes(id));
			}
			put("allocated.liveThreads", allocated);
		}
		put("heap.used", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		put("heap.committed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
	}

	/**
	 * After startup: count the loaded classes per group, write the values and everything measured.
	 */
	void finish(Map<String, String> values, BufferingApplicationStartup steps) throws Exception {
		List<String> classes = loadedClassNames();
		Map<String, Integer> groups = new LinkedHashMap<>();
		String spec = System.getProperty("probe.classGroups", "");
		for (String group : spec.split(";")) {
			int eq = group.indexOf('=');
			if (eq > 0) {
				String[] prefixes = group.substring(eq + 1).split("\\|");
				int count = 0;
				for (String name : classes) {
					for (String prefix : prefixes) {
						if (name.startsWith(prefix)) {
							count++;
							break;
						}
					}
				}
				groups.put(group.substring(0, eq), count);
			}
		}
		groups.forEach((label, count) -> put("classes.group." + label, count));
		put("classes.named", classes.size());
		put("values.count", values.size());
		String valuesFile = System.getProperty("probe.values");
		if (valuesFile != null) {
			Properties written = new Properties();
			written.putAll(values);
			store(written, Path.of(valuesFile));
		}
		if (Boolean.getBoolean("probe.profile")) {
			Files.write(sibling(".classes.txt"), classes);
			if (steps != null) {
				Files.write(sibling(".steps.tsv"), steps(steps.getBufferedTimeline()));
			}
			try {
				Files.writeString(sibling(".nmt.txt"), diagnosticCommand("vmNativeMemory", "summary"));
			}
			catch (Exception ex) {
				Files.writeString(sibling(".nmt.txt"), "unavailable: " + ex);
			}
		}
		store(this.measured, this.result);
	}

	void failed(Throwable ex) {
		long now = System.currentTimeMillis();
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		put("started", "false");
		put("failureMillis", now - ManagementFactory.getRuntimeMXBean().getStartTime());
		put("failure.type", ex.getClass().getName());
		put("failure.rootType", cause.getClass().getName());
		String message = String.valueOf(ex.getMessage());
		put("failure.message", String.join("\n", message.lines().limit(12).toList()));
		try {
			store(this.measured, this.result);
		}
		catch (IOException io) {
			throw new UncheckedIOException(io);
		}
	}

	private static List<String> steps(StartupTimeline timeline) {
		List<String> lines = new ArrayList<>();
		timeline.getEvents()
			.stream()
			.sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getStartTime))
			.forEach((event) -> {
				Map<String, String> tags = new TreeMap<>();
				event.getStartupStep().getTags().forEach((tag) -> tags.put(tag.getKey(), tag.getValue()));
				lines.add(event.getStartTime().toEpochMilli() * 1000 + event.getStartTime().getNano() / 1000 % 1000 + "\t"
						+ event.getDuration().toNanos() / 1000 + "\t" + event.getStartupStep().getId() + "\t"
						+ event.getStartupStep().getParentId() + "\t" + event.getStartupStep().getName() + "\t"
						+ tags.getOrDefault("beanName", tags.toString()));
			});
		return lines;
	}

	/** Names of the loaded classes and interfaces (not arrays, not hidden classes such as lambdas). */
	private static List<String> loadedClassNames() throws Exception {
		List<String> names = new ArrayList<>();
		for (String line : diagnosticCommand("vmClassHierarchy").split("\n")) {
			String name = line.replaceFirst("^[|\\s-]*", "");
			int slash = name.indexOf('/');
			if (slash > 0) {
				names.add(name.substring(0, slash));
			}
		}
		return names;
	}

	private static String diagnosticCommand(String operation, String... arguments) throws Exception {
		return (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation, new Object[] { arguments },
					new String[] { String[].class.getName() });
	}

	private static Map<String, String> procStatus() {
		Map<String, String> status = new LinkedHashMap<>();
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					status.put(line.substring(0, colon), line.substring(colon + 1).trim());
				}
			}
		}
		catch (IOException ex) {
			// not Linux: no RSS figures
		}
		return status;
	}

	private static long kilobytes(String value) {
		return (value != null) ? Long.parseLong(value.replace("kB", "").trim()) : -1;
	}

	private Path sibling(String suffix) {
		return this.result.resolveSibling(this.result.getFileName() + suffix);
	}

	private void put(String key, Object value) {
		this.measured.setProperty(key, String.valueOf(value));
	}

	private static void store(Properties properties, Path file) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			properties.store(out, null);
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
