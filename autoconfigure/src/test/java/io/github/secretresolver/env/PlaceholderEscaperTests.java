package io.github.secretresolver.env;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PlaceholderEscaper}.
 *
 * @author Secret Resolver contributors
 */
class PlaceholderEscaperTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			${a}             | \\${a}
			a${b}            | a\\${b}
			${a}${b}         | \\${a}\\${b}
			${a:${b}}        | \\${a:\\${b}}
			x\\${b}          | x\\\\${b}
			$${a}            | $\\${a}
			""")
	void escapeEscapesEveryPlaceholderPrefix(String value, String expected) {
		assertThat(PlaceholderEscaper.escape(value)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "$", "{", "}", "$ {a}", "#{a}", "\\", "p\\q", "a$b{c}", "€✓", "$}{",
			"{$", "$\\{a}" })
	void escapeWhenNoPlaceholderPrefixReturnsValueUnchanged(String value) {
		assertThat(PlaceholderEscaper.escape(value)).isEqualTo(value);
	}

	@Test
	void escapeLeavesDollarBraceHashAndBackslashAlone() {
		assertThat(PlaceholderEscaper.escape("$ { } #{x} \\ \\n $x")).isEqualTo("$ { } #{x} \\ \\n $x");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a${b}", "x\\${b}", "${a:${b}}", "p\\q", "€✓", "${a}", "}${a}{", "$${a}", "pa$$w0rd${}",
			"\\${a}\\", "#{${a}}", "${${a}}", "a\\" })
	void escapedValueIsReturnedLiterallyByEnvironment(String value) {
		StandardEnvironment environment = environment(Map.of("test.value", PlaceholderEscaper.escape(value)));
		assertThat(environment.getProperty("test.value")).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a${b}", "x\\${b}", "${a:${b}}", "p\\q", "€✓", "${a}", "}${a}{", "$${a}", "pa$$w0rd${}",
			"\\${a}\\", "#{${a}}", "${${a}}", "a\\" })
	void escapedValueIsReturnedLiterallyByBinder(String value) {
		StandardEnvironment environment = environment(Map.of("test.value", PlaceholderEscaper.escape(value)));
		ConfigurationPropertySources.attach(environment);
		assertThat(Binder.get(environment).bind("test.value", String.class).get()).isEqualTo(value);
	}

	@Test
	void placeholderOutsideEscapedValueIsStillResolvedByEnvironment() {
		StandardEnvironment environment = environment(
				Map.of("test.value", "pre-${other}-" + PlaceholderEscaper.escape("${x}"), "other", "OTHER"));
		assertThat(environment.getProperty("test.value")).isEqualTo("pre-OTHER-${x}");
	}

	@Test
	void placeholderOutsideEscapedValueIsStillResolvedByBinder() {
		StandardEnvironment environment = environment(
				Map.of("test.value", "pre-${other}-" + PlaceholderEscaper.escape("${x}"), "other", "OTHER"));
		ConfigurationPropertySources.attach(environment);
		assertThat(Binder.get(environment).bind("test.value", String.class).get()).isEqualTo("pre-OTHER-${x}");
	}

	@Test
	void escapedValueIsNotExpandedEvenWhenPlaceholderWouldResolve() {
		StandardEnvironment environment = environment(
				Map.of("test.value", PlaceholderEscaper.escape("${other}"), "other", "OTHER"));
		ConfigurationPropertySources.attach(environment);
		assertThat(environment.getProperty("test.value")).isEqualTo("${other}");
		assertThat(Binder.get(environment).bind("test.value", String.class).get()).isEqualTo("${other}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "${", "pa${ss", "a${b${c}", "${a}${" })
	void escapedValueWithUnclosedPlaceholderPrefixIsReturnedLiterallyByEnvironment(String value) {
		StandardEnvironment environment = environment(Map.of("test.value", PlaceholderEscaper.escape(value)));
		assertThat(environment.getProperty("test.value")).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "${", "pa${ss", "a${b${c}", "${a}${" })
	void escapedValueWithUnclosedPlaceholderPrefixIsReturnedLiterallyByBinder(String value) {
		StandardEnvironment environment = environment(Map.of("test.value", PlaceholderEscaper.escape(value)));
		ConfigurationPropertySources.attach(environment);
		assertThat(Binder.get(environment).bind("test.value", String.class).get()).isEqualTo(value);
	}

	@Test
	void escapeWhenFollowingTextClosesThePlaceholderEscapesIt() {
		String written = PlaceholderEscaper.escape("a${b", "-literal}") + "-literal}";
		assertThat(written).isEqualTo("a\\${b-literal}");
		StandardEnvironment environment = environment(Map.of("test.value", written, "b-literal", "NO"));
		assertThat(environment.getProperty("test.value")).isEqualTo("a${b-literal}");
	}

	@Test
	void escapeWhenFollowingTextDoesNotCloseThePlaceholderLeavesIt() {
		assertThat(PlaceholderEscaper.escape("a${b", "-literal")).isEqualTo("a${b");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
		return environment;
	}

}
