package io.github.secretresolver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/troubleshooting.md}, the page the failure analyzer points users to, complete:
 * every error code the starter can report has a {@code ## CODE} section. The codes are collected
 * from the main sources, where they are string literals passed to the calls that create failures
 * ({@code FetchFailure.error("Code", ...)}, {@code new ResolutionError(..., "Code", ...)}, the
 * private {@code error(...)} and {@code notFound(...)} helpers, a {@code code} variable's literal
 * default) and the keys of the failure analyzer's fixes. A unit test: no AWS, no Spring context.
 */
class TroubleshootingGuideTests {

	/**
	 * The start of a call that takes an error code: the argument list follows the parenthesis.
	 */
	private static final Pattern CODE_TAKING_CALL = Pattern
		.compile("(?:\\bFetchFailure\\s*\\.\\s*(?:error|notFound)|\\bnew\\s+(?:ResolutionError|FetchFailure)"
				+ "|\\bFailures\\s*\\.\\s*of|(?<![\\w.])(?:error|notFound|failure))\\s*\\(");

	/**
	 * An assignment to a variable holding an error code, such as
	 * {@code code = (x != null) ? x : "UnknownError";}.
	 */
	private static final Pattern CODE_ASSIGNMENT = Pattern.compile("\\b(?:code|errorCode)\\s*=\\s*([^;=][^;]*);");

	/**
	 * A string literal that is a whole argument or a whole branch of a conditional, and looks like
	 * an error code (no spaces, starts with a capital): {@code "Code"}, {@code c ? "A" : "B"}.
	 * Messages ({@code "The parameter is a " + type}) and fragments ({@code "Http" + status}) do
	 * not match.
	 */
	private static final Pattern CODE_LITERAL = Pattern.compile("(?:^|[?:])\\s*\"([A-Z][A-Za-z0-9]*)\"\\s*(?=$|:)");

	/**
	 * The keys of the failure analyzer's fixes: {@code Map.entry("Code", "fix")}.
	 */
	private static final Pattern FIX_KEY = Pattern.compile("\\bMap\\s*\\.\\s*entry\\s*\\(\\s*\"([A-Za-z0-9]+)\"");

	/**
	 * The AWS codes the starter classifies by name (not found, throttling), each of which must at
	 * least be mentioned.
	 */
	private static final Pattern CLASSIFIED_CODES = Pattern
		.compile("\\b(?:NOT_FOUND_CODES|THROTTLING_CODES)\\s*=\\s*Set\\s*\\.\\s*of\\s*\\(([^;]*)\\)\\s*;");

	private static final Pattern HEADING = Pattern.compile("^##\\s+(\\S+)\\s*$", Pattern.MULTILINE);

	private static final Pattern ANY_HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*$", Pattern.MULTILINE);

	private static final Pattern LOCAL_LINK = Pattern.compile("\\]\\(#([^)]+)\\)");

	private static final Pattern STARTER_PROPERTY = Pattern.compile("\\bsecret-resolver(?:\\.[a-z0-9-]+)+");

	private static Path module;

	private static String guide;

	@BeforeAll
	static void readGuide() throws IOException {
		module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
		Path file = module.resolve("../docs/troubleshooting.md").normalize();
		assertThat(file).as("the troubleshooting guide, relative to the module %s", module).isRegularFile();
		guide = Files.readString(file, StandardCharsets.UTF_8);
	}

	@Test
	void everyErrorCodeTheStarterReportsHasASection() throws IOException {
		Map<String, Set<String>> codes = errorCodesInMainSources();
		Set<String> headings = headings();
		assertThat(codes.keySet()).as("codes collected from %s", mainSources())
			.contains("ParameterNotFound", "InvalidReference", "Timeout", "ReadBeforeResolution", "JsonKeyNotFound",
					"NoCredentials", "ResolutionDisabled", "LocalFileUnreadable", "AccessDeniedException")
			.hasSizeGreaterThan(25);
		Set<String> missing = new TreeSet<>(codes.keySet());
		missing.removeAll(headings);
		assertThat(missing)
			.withFailMessage("docs/troubleshooting.md has no '## CODE' section for %s.%nCodes found in the main "
					+ "sources (code: where):%n%s%nSections in the guide: %s", missing, describe(codes), headings)
			.isEmpty();
	}

	@Test
	void everyCodeClassifiedByNameIsMentioned() throws IOException {
		String failures = Files.readString(mainSources().resolve("io/github/secretresolver/fetch/Failures.java"));
		Set<String> classified = new TreeSet<>();
		Matcher sets = CLASSIFIED_CODES.matcher(stripComments(failures));
		while (sets.find()) {
			Matcher literal = Pattern.compile("\"([A-Za-z0-9]+)\"").matcher(sets.group(1));
			while (literal.find()) {
				classified.add(literal.group(1));
			}
		}
		assertThat(classified).as("codes in Failures' NOT_FOUND_CODES and THROTTLING_CODES")
			.contains("ParameterNotFound", "ThrottlingException", "Http429");
		Set<String> headings = headings();
		List<String> unmentioned = classified.stream()
			.filter((code) -> !headings.contains(code) && !guide.contains("`" + code + "`"))
			.toList();
		assertThat(unmentioned)
			.withFailMessage("docs/troubleshooting.md never mentions %s (classified in Failures: %s)", unmentioned,
					classified)
			.isEmpty();
	}

	@Test
	void everyLinkWithinTheGuideLeadsToASection() {
		Set<String> anchors = new TreeSet<>();
		Matcher heading = ANY_HEADING.matcher(guide);
		while (heading.find()) {
			anchors.add(anchor(heading.group(1)));
		}
		List<String> broken = new ArrayList<>();
		Matcher link = LOCAL_LINK.matcher(guide);
		while (link.find()) {
			if (!anchors.contains(link.group(1))) {
				broken.add(link.group(1));
			}
		}
		assertThat(anchors).contains("parameternotfound", "kmsinvalidstateexception", "http5xx");
		assertThat(broken).withFailMessage("links to no section: %s; sections: %s", broken, anchors).isEmpty();
	}

	@Test
	void everyStarterSettingNamedInTheGuideExists() throws IOException {
		Set<String> properties = starterProperties();
		assertThat(properties).contains("secret-resolver.startup-timeout", "secret-resolver.when-disabled");
		Set<String> unknown = new TreeSet<>();
		Matcher named = STARTER_PROPERTY.matcher(guide);
		while (named.find()) {
			if (!properties.contains(named.group())) {
				unknown.add(named.group());
			}
		}
		assertThat(unknown).withFailMessage("the guide names settings that do not exist: %s; the settings are %s",
				unknown, properties)
			.isEmpty();
	}

	private static Path mainSources() {
		Path sources = module.resolve("src/main/java");
		assertThat(sources).as("main sources").isDirectory();
		return sources;
	}

	/**
	 * Return every error code written as a literal in the main sources, with the files it is in.
	 */
	private static Map<String, Set<String>> errorCodesInMainSources() throws IOException {
		Map<String, Set<String>> codes = new TreeMap<>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(mainSources())) {
			files = walk.filter((path) -> path.toString().endsWith(".java")).sorted().toList();
		}
		for (Path file : files) {
			String name = file.getFileName().toString();
			String source = stripComments(Files.readString(file, StandardCharsets.UTF_8));
			Matcher call = CODE_TAKING_CALL.matcher(source);
			while (call.find()) {
				for (String argument : arguments(source, call.end() - 1)) {
					codeLiterals(argument).forEach((code) -> add(codes, code, name));
				}
			}
			Matcher assignment = CODE_ASSIGNMENT.matcher(source);
			while (assignment.find()) {
				codeLiterals(assignment.group(1).strip()).forEach((code) -> add(codes, code, name));
			}
			if (name.endsWith("FailureAnalyzer.java")) {
				Matcher fix = FIX_KEY.matcher(source);
				while (fix.find()) {
					add(codes, fix.group(1), name);
				}
			}
		}
		return codes;
	}

	private static void add(Map<String, Set<String>> codes, String code, String file) {
		codes.computeIfAbsent(code, (key) -> new TreeSet<>()).add(file);
	}

	private static List<String> codeLiterals(String expression) {
		List<String> literals = new ArrayList<>();
		Matcher literal = CODE_LITERAL.matcher(expression.strip());
		while (literal.find()) {
			literals.add(literal.group(1));
		}
		return literals;
	}

	/**
	 * Split the argument list that starts at an opening parenthesis into its top-level arguments,
	 * skipping string and character literals and nested brackets.
	 */
	static List<String> arguments(String source, int open) {
		List<String> arguments = new ArrayList<>();
		int depth = 0;
		int start = open + 1;
		for (int index = open; index < source.length(); index++) {
			char character = source.charAt(index);
			if (character == '"' || character == '\'') {
				index = endOfLiteral(source, index);
			}
			else if (character == '(' || character == '[' || character == '{') {
				depth++;
			}
			else if (character == ')' || character == ']' || character == '}') {
				depth--;
				if (depth == 0) {
					arguments.add(source.substring(start, index).strip());
					return arguments;
				}
			}
			else if (character == ',' && depth == 1) {
				arguments.add(source.substring(start, index).strip());
				start = index + 1;
			}
		}
		return arguments;
	}

	/**
	 * Return the index of the last character of the string, text block or character literal that
	 * starts at {@code start}.
	 */
	private static int endOfLiteral(String source, int start) {
		char quote = source.charAt(start);
		if (quote == '"' && source.startsWith("\"\"\"", start)) {
			int end = source.indexOf("\"\"\"", start + 3);
			return (end != -1) ? end + 2 : source.length() - 1;
		}
		for (int index = start + 1; index < source.length(); index++) {
			char character = source.charAt(index);
			if (character == '\\') {
				index++;
			}
			else if (character == quote) {
				return index;
			}
		}
		return source.length() - 1;
	}

	/**
	 * Remove comments (Javadoc names codes too), keeping literals and line breaks.
	 */
	static String stripComments(String source) {
		StringBuilder code = new StringBuilder(source.length());
		int index = 0;
		while (index < source.length()) {
			char character = source.charAt(index);
			if (character == '"' || character == '\'') {
				int end = endOfLiteral(source, index);
				code.append(source, index, end + 1);
				index = end + 1;
			}
			else if (source.startsWith("//", index)) {
				int end = source.indexOf('\n', index);
				index = (end != -1) ? end : source.length();
			}
			else if (source.startsWith("/*", index)) {
				int end = source.indexOf("*/", index + 2);
				int next = (end != -1) ? end + 2 : source.length();
				source.substring(index, next).chars().filter((c) -> c == '\n').forEach((c) -> code.append('\n'));
				code.append(' ');
				index = next;
			}
			else {
				code.append(character);
				index++;
			}
		}
		return code.toString();
	}

	private static Set<String> headings() {
		Set<String> headings = new TreeSet<>();
		Matcher heading = HEADING.matcher(guide);
		while (heading.find()) {
			headings.add(heading.group(1));
		}
		return headings;
	}

	/**
	 * Return the anchor GitHub gives a heading: lower case, punctuation removed, spaces as hyphens.
	 */
	private static String anchor(String heading) {
		return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	private static Set<String> starterProperties() throws IOException {
		Set<String> properties = new TreeSet<>();
		Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"(secret-resolver[^\"]*)\"");
		for (URL url : Collections.list(TroubleshootingGuideTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream input = url.openStream()) {
				Matcher matcher = name.matcher(new String(input.readAllBytes(), StandardCharsets.UTF_8));
				while (matcher.find()) {
					properties.add(matcher.group(1));
				}
			}
		}
		return properties;
	}

	private static String describe(Map<String, Set<String>> codes) {
		return codes.entrySet()
			.stream()
			.map((entry) -> "  " + entry.getKey() + ": " + String.join(", ", entry.getValue()))
			.collect(Collectors.joining(System.lineSeparator()));
	}

}
