package io.github.secretresolver.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.TypeDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks, on the files this build produced, what Maven Central and users require of every published artifact: a
 * sources and a Javadoc jar, the POM metadata (name, description, URL, license, developers, SCM, issue tracker),
 * reproducible archives, and configuration metadata that describes every property with its default (those of
 * {@code SecretResolverProperties} and the {@code spring.cloud.aws.*} settings the starter binds itself), as the
 * README does. Published modules are the modules of the parent POM that do not set {@code maven.deploy.skip}.
 * <p>
 * Runs after the other modules of the reactor are packaged; {@code mvn -B verify} from the project root builds
 * everything it reads.
 */
class PublishedArtifactsIT {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = "secret-resolver";

	private static final Pattern README_ROW = Pattern
		.compile("^\\|\\s*`(" + Pattern.quote(PREFIX) + "\\.[^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");

	private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");

	@Test
	void parentPomDeclaresTheMetadataCentralRequires() {
		Element parent = parentPom();
		assertThat(text(parent, "name")).as("parent <name>").isNotBlank();
		assertCentralMetadata("secret-resolver-parent", parent, null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("publishedModules")
	void publishedPomDeclaresTheMetadataCentralRequires(PublishedModule module) throws IOException {
		assertThat(module.jar()).as("%s (build it with mvn -B verify from the project root)", module.jar())
			.isRegularFile();
		Element pom;
		try (JarFile jar = new JarFile(module.jar().toFile())) {
			String path = "META-INF/maven/" + module.groupId() + "/" + module.artifactId() + "/pom.xml";
			JarEntry entry = jar.getJarEntry(path);
			assertThat(entry).as("%s in %s (the POM that is published)", path, module.jar()).isNotNull();
			try (InputStream in = jar.getInputStream(entry)) {
				pom = parse(in);
			}
		}
		assertThat(text(pom, "name")).as("<name> of %s (not inherited)", module).isNotBlank();
		Element parent = parentPom();
		assertThat(text(pom, "parent", "artifactId")).as("parent of %s", module).isEqualTo(text(parent, "artifactId"));
		assertCentralMetadata(module.artifactId(), pom, parent);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("publishedModules")
	void publishedJarHasSourcesAndJavadocJars(PublishedModule module) throws IOException {
		Set<String> classes = entries(module.jar()).stream()
			.filter((name) -> name.endsWith(".class"))
			.map((name) -> name.replaceFirst("\\$.*", "").replaceFirst("\\.class$", ""))
			.collect(TreeSet::new, Set::add, Set::addAll);
		Set<String> sources = entries(module.classified("sources"));
		Set<String> javadoc = entries(module.classified("javadoc"));
		if (classes.isEmpty()) {
			assertThat(sources).as("sources jar of %s, a module without code", module).contains("README.md");
			assertThat(javadoc).as("javadoc jar of %s, a module without code", module).contains("README.md");
			return;
		}
		for (String type : classes) {
			assertThat(sources).as("sources jar of %s", module).contains(type + ".java");
		}
		assertThat(javadoc).as("javadoc jar of %s", module)
			.contains("index.html")
			.anyMatch((name) -> name.endsWith("/package-summary.html"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("publishedModules")
	void publishedJarsAreReproducible(PublishedModule module) throws IOException {
		String outputTimestamp = System.getProperty("published.output-timestamp", "");
		assertThat(outputTimestamp).as("project.build.outputTimestamp of the parent POM").isNotBlank();
		Instant instant = outputTimestamp.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(outputTimestamp))
				: Instant.parse(outputTimestamp);
		// Zip entries hold a local time of day with 2 s resolution; archivers write the UTC one.
		LocalDateTime expected = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		expected = expected.withSecond(expected.getSecond() - expected.getSecond() % 2).withNano(0);
		for (Path jar : List.of(module.jar(), module.classified("sources"), module.classified("javadoc"))) {
			assertThat(jar).as("%s (build it with mvn -B verify from the project root)", jar).isRegularFile();
			Set<LocalDateTime> times = new TreeSet<>();
			try (JarFile file = new JarFile(jar.toFile())) {
				file.stream()
					.forEach((entry) -> times
						.add(LocalDateTime.ofInstant(Instant.ofEpochMilli(entry.getTime()), ZoneId.systemDefault())));
			}
			assertThat(times).as("time stamps of the entries of %s (project.build.outputTimestamp)", jar)
				.containsExactly(expected);
		}
	}

	@Test
	void configurationMetadataDescribesEveryPropertyWithItsDefault() throws Exception {
		JsonNode metadata = configurationMetadata();
		Map<String, JsonNode> described = describedProperties(metadata);
		Map<String, BoundProperty> bound = boundProperties(metadata);
		assertThat(described.keySet()).as("properties in %s of %s", METADATA, library().jar())
			.containsExactlyInAnyOrderElementsOf(bound.keySet());
		SoftAssertions softly = new SoftAssertions();
		for (BoundProperty property : bound.values()) {
			JsonNode entry = described.get(property.name());
			softly.assertThat(entry.path("description").asString(""))
				.as("description of %s (the Javadoc of its field)", property.name())
				.isNotBlank();
			JsonNode defaultValue = entry.get("defaultValue");
			if (!property.hasDefault()) {
				softly.assertThat(defaultValue)
					.as("defaultValue of %s, whose field has no initial value", property.name())
					.isNull();
			}
			else if (defaultValue == null) {
				softly.fail("%s has no defaultValue in %s, but its field starts as %s", property.name(), METADATA,
						property.initialValue());
			}
			else {
				softly.assertThat(convert(defaultValue.asString(), property))
					.as("defaultValue '%s' of %s", defaultValue.asString(), property.name())
					.isEqualTo(property.initialValue());
			}
		}
		softly.assertAll();
	}

	@Test
	void configurationMetadataDescribesEverySettingBoundToARecord() throws Exception {
		JsonNode metadata = configurationMetadata();
		SoftAssertions softly = new SoftAssertions();
		URL[] urls = { library().jar().toUri().toURL() };
		try (URLClassLoader loader = new URLClassLoader(urls, PublishedArtifactsIT.class.getClassLoader())) {
			for (JsonNode group : metadata.path("groups").values()) {
				String name = group.path("name").asString("");
				String type = group.path("type").asString("");
				if (type.isEmpty() || loader.findResource(type.replace('.', '/') + ".class") == null) {
					continue;
				}
				Class<?> settings = Class.forName(type, false, loader);
				if (!settings.isRecord()) {
					continue;
				}
				Set<String> bound = new TreeSet<>();
				collectRecord(settings, name, settings, bound);
				Set<String> described = new TreeSet<>();
				for (JsonNode property : metadata.path("properties").values()) {
					String propertyName = property.path("name").asString("");
					if (propertyName.startsWith(name + ".")) {
						described.add(propertyName);
						softly.assertThat(property.path("description").asString(""))
							.as("description of %s", propertyName)
							.isNotBlank();
					}
				}
				softly.assertThat(described)
					.as("properties of the group %s in %s (additional-spring-configuration-metadata.json), bound by %s",
							name, METADATA, type)
					.containsExactlyInAnyOrderElementsOf(bound);
			}
		}
		softly.assertAll();
	}

	@Test
	void libraryJarDescribesTheConditionsOfItsAutoConfigurations() throws IOException {
		// Spring Boot filters auto-configurations by these conditions without loading their classes
		try (JarFile jar = new JarFile(library().jar().toFile())) {
			JarEntry imports = jar.getJarEntry(
					"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
			JarEntry conditions = jar.getJarEntry("META-INF/spring-autoconfigure-metadata.properties");
			assertThat(conditions).as("META-INF/spring-autoconfigure-metadata.properties in %s (written by "
					+ "spring-boot-autoconfigure-processor)", library().jar()).isNotNull();
			Properties described = new Properties();
			try (InputStream in = jar.getInputStream(conditions)) {
				described.load(in);
			}
			try (InputStream in = jar.getInputStream(imports)) {
				new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
					.map(String::strip)
					.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
					.forEach((autoConfiguration) -> assertThat(described).as("conditions of the auto-configurations")
						.containsKey(autoConfiguration));
			}
		}
	}

	@Test
	void readmeListsEveryPropertyWithTheDefaultOfTheMetadata() throws IOException {
		Map<String, String> expected = new TreeMap<>();
		describedProperties(configurationMetadata()).forEach((name, entry) -> {
			JsonNode defaultValue = entry.get("defaultValue");
			expected.put(name, (defaultValue != null) ? "`" + defaultValue.asString() + "`" : "—");
		});
		String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
		int start = readme.indexOf("\n## Configuration properties");
		assertThat(start).as("section '## Configuration properties' of README.md").isNotNegative();
		int end = readme.indexOf("\n## ", start + 1);
		String section = readme.substring(start, (end != -1) ? end : readme.length());
		Map<String, String> listed = new TreeMap<>();
		for (String line : section.lines().toList()) {
			Matcher row = README_ROW.matcher(line);
			if (row.matches()) {
				assertThat(listed.put(row.group(1), row.group(2))).as("README lists %s twice", row.group(1)).isNull();
				assertThat(row.group(3)).as("meaning of %s in README.md", row.group(1)).isNotBlank();
			}
		}
		assertThat(listed).as("README.md table 'Configuration properties': | `property` | `default` or — | meaning |")
			.containsExactlyInAnyOrderEntriesOf(expected);
	}

	@Test
	void repositoryHasLicenseAndChangelog() throws IOException {
		String license = Files.readString(root().resolve("LICENSE"), StandardCharsets.UTF_8);
		assertThat(license).as("LICENSE: the full Apache License 2.0")
			.contains("Apache License", "Version 2.0, January 2004", "TERMS AND CONDITIONS FOR USE",
					"9. Accepting Warranty or Additional Liability", "END OF TERMS AND CONDITIONS",
					"APPENDIX: How to apply the Apache License to your work.");
		String changelog = Files.readString(root().resolve("CHANGELOG.md"), StandardCharsets.UTF_8);
		assertThat(changelog).as("CHANGELOG.md (Keep a Changelog)").contains("## [Unreleased]");
	}

	static Stream<PublishedModule> publishedModules() {
		Element parent = parentPom();
		List<PublishedModule> published = new ArrayList<>();
		NodeList modules = parent.getElementsByTagName("module");
		for (int i = 0; i < modules.getLength(); i++) {
			Path directory = root().resolve(modules.item(i).getTextContent().trim()).normalize();
			Element pom = parse(directory.resolve("pom.xml"));
			if ("true".equals(text(pom, "properties", "maven.deploy.skip")) || "pom".equals(text(pom, "packaging"))) {
				continue;
			}
			String groupId = (text(pom, "groupId") != null) ? text(pom, "groupId") : text(parent, "groupId");
			published.add(new PublishedModule(groupId, text(pom, "artifactId"), directory.resolve("target")));
		}
		assertThat(published).as("published modules of %s", root().resolve("pom.xml"))
			.extracting(PublishedModule::artifactId)
			.contains("secret-resolver-spring-boot", "secret-resolver-spring-boot-starter");
		return published.stream();
	}

	/**
	 * Check the metadata Central requires, as the effective POM has it: declared in the POM, or inherited from the
	 * parent as it is (the parent must then not append the module's path to URLs).
	 */
	private static void assertCentralMetadata(String artifact, Element pom, Element parent) {
		SoftAssertions softly = new SoftAssertions();
		Element project = inherited(pom, parent, "description");
		softly.assertThat(text(project, "description")).as("<description> of %s", artifact).isNotBlank();
		project = inherited(pom, parent, "url");
		softly.assertThat(text(project, "url")).as("<url> of %s", artifact).startsWith("https://");
		if (project != pom) {
			softly.assertThat(project.getAttribute("child.project.url.inherit.append.path"))
				.as("<project child.project.url.inherit.append.path> of the parent, so that %s has the project's url",
						artifact)
				.isEqualTo("false");
		}
		project = inherited(pom, parent, "licenses");
		softly.assertThat(text(project, "licenses", "license", "name")).as("<license><name> of %s", artifact)
			.isEqualTo("Apache License, Version 2.0");
		softly.assertThat(text(project, "licenses", "license", "url")).as("<license><url> of %s", artifact)
			.isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
		project = inherited(pom, parent, "developers");
		softly.assertThat(text(project, "developers", "developer", "name"))
			.as("<developer><name> of %s", artifact)
			.isNotBlank();
		project = inherited(pom, parent, "scm");
		softly.assertThat(text(project, "scm", "connection"))
			.as("<scm><connection> of %s", artifact)
			.startsWith("scm:git:");
		softly.assertThat(text(project, "scm", "developerConnection"))
			.as("<scm><developerConnection> of %s", artifact)
			.startsWith("scm:git:");
		softly.assertThat(text(project, "scm", "url")).as("<scm><url> of %s", artifact).startsWith("https://");
		Element scm = child(project, "scm");
		if (project != pom && scm != null) {
			for (String part : List.of("connection", "developerConnection", "url")) {
				softly.assertThat(scm.getAttribute("child.scm." + part + ".inherit.append.path"))
					.as("<scm child.scm.%s.inherit.append.path> of the parent, inherited by %s", part, artifact)
					.isEqualTo("false");
			}
		}
		project = inherited(pom, parent, "issueManagement");
		softly.assertThat(text(project, "issueManagement", "url")).as("<issueManagement><url> of %s", artifact)
			.startsWith("https://");
		softly.assertAll();
	}

	private static Element inherited(Element pom, Element parent, String element) {
		return (child(pom, element) != null || parent == null) ? pom : parent;
	}

	/**
	 * The properties bound by the {@code @ConfigurationProperties} class of the {@code secret-resolver} group, read by
	 * reflection from the class in the library jar: a field with a getter is a property; a field whose type is a
	 * class (not an enum) declared in that class, or that is annotated {@code @NestedConfigurationProperty}, is a
	 * nested group, as the configuration processor sees them.
	 */
	private static Map<String, BoundProperty> boundProperties(JsonNode metadata) throws Exception {
		String type = null;
		for (JsonNode group : metadata.path("groups").values()) {
			if (PREFIX.equals(group.path("name").asString(""))) {
				type = group.path("type").asString(null);
			}
		}
		assertThat(type).as("type of the group '%s' in %s", PREFIX, METADATA).isNotNull();
		URL[] urls = { library().jar().toUri().toURL() };
		try (URLClassLoader loader = new URLClassLoader(urls, PublishedArtifactsIT.class.getClassLoader())) {
			Class<?> properties = Class.forName(type, true, loader);
			assertThat(properties.getProtectionDomain().getCodeSource().getLocation()).as("where %s comes from", type)
				.isEqualTo(urls[0]);
			Map<String, BoundProperty> bound = new LinkedHashMap<>();
			collect(properties, properties.getDeclaredConstructor().newInstance(), PREFIX, properties, bound);
			return bound;
		}
	}

	private static void collect(Class<?> type, Object instance, String prefix, Class<?> root,
			Map<String, BoundProperty> bound) throws ReflectiveOperationException {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic() || getter(type, field) == null) {
				continue;
			}
			field.setAccessible(true);
			String name = prefix + "." + CAMEL_CASE.matcher(field.getName()).replaceAll("$1-$2").toLowerCase();
			Object value = field.get(instance);
			if (isNested(field, root)) {
				assertThat(value).as("nested group %s", name).isNotNull();
				collect(field.getType(), value, name, root, bound);
			}
			else {
				bound.put(name, new BoundProperty(name, field, value));
			}
		}
	}

	private static void collectRecord(Class<?> type, String prefix, Class<?> root, Set<String> bound)
			throws ReflectiveOperationException {
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
		Parameter[] parameters = type.getDeclaredConstructor(types).getParameters();
		for (int i = 0; i < components.length; i++) {
			Name renamed = parameters[i].getAnnotation(Name.class);
			String component = (renamed != null) ? renamed.value() : components[i].getName();
			String name = prefix + "." + CAMEL_CASE.matcher(component).replaceAll("$1-$2").toLowerCase();
			if (components[i].getType().isRecord() && isDeclaredIn(components[i].getType(), root)) {
				collectRecord(components[i].getType(), name, root, bound);
			}
			else {
				bound.add(name);
			}
		}
	}

	private static boolean isDeclaredIn(Class<?> type, Class<?> root) {
		for (Class<?> enclosing = type.getEnclosingClass(); enclosing != null; enclosing = enclosing
			.getEnclosingClass()) {
			if (enclosing == root) {
				return true;
			}
		}
		return false;
	}

	private static boolean isNested(Field field, Class<?> root) {
		for (var annotation : field.getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("NestedConfigurationProperty")) {
				return true;
			}
		}
		if (field.getType().isEnum()) {
			return false;
		}
		return isDeclaredIn(field.getType(), root);
	}

	private static Method getter(Class<?> type, Field field) {
		String suffix = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
		for (String prefix : List.of("get", "is")) {
			try {
				return type.getMethod(prefix + suffix);
			}
			catch (NoSuchMethodException ex) {
				// try the next form
			}
		}
		return null;
	}

	private static Object convert(String value, BoundProperty property) {
		try {
			return ApplicationConversionService.getSharedInstance()
				.convert(value, TypeDescriptor.valueOf(String.class), new TypeDescriptor(property.field()));
		}
		catch (RuntimeException ex) {
			return "(not convertible to " + property.field().getType().getName() + ": " + ex.getMessage() + ")";
		}
	}

	private static Map<String, JsonNode> describedProperties(JsonNode metadata) {
		Map<String, JsonNode> described = new TreeMap<>();
		for (JsonNode property : metadata.path("properties").values()) {
			String name = property.path("name").asString("");
			if (name.startsWith(PREFIX + ".")) {
				assertThat(described.put(name, property)).as("%s twice in %s", name, METADATA).isNull();
			}
		}
		return described;
	}

	private static JsonNode configurationMetadata() throws IOException {
		try (JarFile jar = new JarFile(library().jar().toFile())) {
			JarEntry entry = jar.getJarEntry(METADATA);
			assertThat(entry).as("%s in %s", METADATA, library().jar()).isNotNull();
			try (InputStream in = jar.getInputStream(entry)) {
				return JsonMapper.builder().build().readTree(in);
			}
		}
	}

	private static PublishedModule library() {
		return publishedModules().filter((module) -> module.artifactId().equals("secret-resolver-spring-boot"))
			.findFirst()
			.orElseThrow();
	}

	private static Set<String> entries(Path jar) throws IOException {
		assertThat(jar).as("%s (build it with mvn -B verify from the project root)", jar).isRegularFile();
		assertThat(Files.size(jar)).as("size of %s", jar).isPositive();
		Set<String> names = new TreeSet<>();
		try (JarFile file = new JarFile(jar.toFile())) {
			file.stream().filter((entry) -> !entry.isDirectory()).forEach((entry) -> names.add(entry.getName()));
		}
		assertThat(names).as("files in %s", jar).isNotEmpty();
		return Collections.unmodifiableSet(names);
	}

	private static Element parentPom() {
		return parse(root().resolve("pom.xml"));
	}

	private static Element parse(Path pom) {
		try (InputStream in = Files.newInputStream(pom)) {
			return parse(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + pom, ex);
		}
	}

	private static Element parse(InputStream in) throws IOException {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			Document document = factory.newDocumentBuilder().parse(in);
			return document.getDocumentElement();
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Not a POM", ex);
		}
	}

	private static Element child(Element element, String name) {
		if (element == null) {
			return null;
		}
		for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child && child.getTagName().equals(name)) {
				return child;
			}
		}
		return null;
	}

	private static String text(Element element, String... path) {
		Element current = element;
		for (String name : path) {
			current = child(current, name);
		}
		return (current != null) ? current.getTextContent().trim() : null;
	}

	private static Path root() {
		String root = System.getProperty("project.root");
		assertThat(root).as("system property project.root (set by src/test/pom.xml)").isNotNull();
		return Path.of(root).toAbsolutePath().normalize();
	}

	private static String version() {
		String version = System.getProperty("published.version");
		assertThat(version).as("system property published.version (set by src/test/pom.xml)").isNotNull();
		return version;
	}

	record PublishedModule(String groupId, String artifactId, Path target) {

		Path jar() {
			return this.target.resolve(this.artifactId + "-" + version() + ".jar");
		}

		Path classified(String classifier) {
			return this.target.resolve(this.artifactId + "-" + version() + "-" + classifier + ".jar");
		}

		@Override
		public String toString() {
			return this.artifactId;
		}

	}

	record BoundProperty(String name, Field field, Object initialValue) {

		boolean hasDefault() {
			if (this.initialValue instanceof Collection<?> collection) {
				return !collection.isEmpty();
			}
			if (this.initialValue instanceof Map<?, ?> map) {
				return !map.isEmpty();
			}
			return this.initialValue != null;
		}

	}

}
