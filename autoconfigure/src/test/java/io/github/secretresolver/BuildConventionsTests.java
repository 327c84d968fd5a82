package io.github.secretresolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build keeps the Maven conventions that the README's scripts rely on.
 *
 * @author Secret Resolver contributors
 */
class BuildConventionsTests {

	private static final List<String> POMS = List.of("../pom.xml", "pom.xml", "../starter/pom.xml",
			"../sample-app/pom.xml", "../src/test/pom.xml");

	@Test
	void dashDSkipTestsSkipsEveryTest() throws IOException {
		for (String pom : POMS) {
			// A configured <skipTests> wins over -DskipTests, which scripts/run-sample.sh passes to build the
			// sample quickly; <skip> leaves it working.
			assertThat(Files.readString(Path.of(pom))).as(pom).doesNotContain("<skipTests>");
		}
	}

}
