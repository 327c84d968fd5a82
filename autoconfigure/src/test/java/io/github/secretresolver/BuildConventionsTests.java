package io.github.secretresolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build keeps the Maven conventions that the README's scripts rely on.
 *
 * @author Secret Resolver contributors
 */
class BuildConventionsTests {

	private static final List<String> POMS = List.of("../pom.xml", "pom.xml", "../starter/pom.xml",
			"../sample-app/pom.xml", "../src/test/pom.xml");

	/**
	 * A plugin setting {@code <skip>} or {@code <skipTests>} wins over {@code -Dmaven.test.skip=true} and
	 * {@code -DskipTests} (which scripts/run-sample.sh and the benchmarks build with): the project's own
	 * switches are defaults of those properties instead, and the fuzz run's switch defaults to
	 * {@code skipTests}.
	 */
	@Test
	void mavensSkipSwitchesSkipEveryTest() throws Exception {
		for (String pom : POMS) {
			Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of(pom).toFile());
			assertThat(document.getElementsByTagName("skip").getLength()).as(pom + ": <skip>").isZero();
			for (Element skipTests : elements(document, "skipTests")) {
				if (!((Element) skipTests.getParentNode()).getTagName().equals("properties")) {
					assertThat(skipTests.getTextContent()).as(pom + ": a plugin's <skipTests>").isEqualTo("${fuzz.skip}");
				}
			}
			for (Element fuzzSkip : elements(document, "fuzz.skip")) {
				assertThat(fuzzSkip.getTextContent()).as(pom + ": <fuzz.skip>").isEqualTo("${skipTests}");
			}
		}
	}

	private static List<Element> elements(Document document, String tagName) {
		NodeList nodes = document.getElementsByTagName(tagName);
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			elements.add((Element) nodes.item(i));
		}
		return elements;
	}

}
