package io.github.secretresolver.env;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class PropertySourceWrappingTests {

	private static final String REFERENCE = "<<resolve:ssm:/app/password>>";

	private final ServedValues served = new ServedValues();

	@Test
	void wrapAllLeavesSourcesWithoutReferencesUntouched() {
		MapPropertySource plain = new MapPropertySource("plain", Map.of("a", "b"));
		MutablePropertySources sources = sources(plain);
		PropertySourceWrapping.wrapAll(sources, this.served);
		assertThat(sources.get("plain")).isSameAs(plain);
	}

	@Test
	void wrapAllKeepsMapPropertySourceTypeAndPosition() {
		MutablePropertySources sources = sources(new MapPropertySource("first", Map.of("x", "1")),
				new MapPropertySource("test", new HashMap<>(Map.of("password", REFERENCE))));
		this.served.replace(Map.of(REFERENCE, "resolved"), Map.of(REFERENCE, "resolved"));
		PropertySourceWrapping.wrapAll(sources, this.served);
		PropertySource<?> wrapped = sources.get("test");
		assertThat(wrapped).isInstanceOf(MapPropertySource.class).isInstanceOf(ResolvingSource.class);
		assertThat(sources.precedenceOf(wrapped)).isOne();
		assertThat(wrapped.getProperty("password")).isEqualTo("resolved");
		assertThat(((MapPropertySource) wrapped).getSource().get("password")).isEqualTo("resolved");
	}

	@Test
	void wrappedMapPropertySourceAcceptsWritesToItsMap() {
		MapPropertySource original = new MapPropertySource("test", new HashMap<>(Map.of("password", REFERENCE)));
		MutablePropertySources sources = sources(original);
		PropertySourceWrapping.wrapAll(sources, this.served);
		((MapPropertySource) sources.get("test")).getSource().put("added", "value");
		assertThat(original.getProperty("added")).isEqualTo("value");
		assertThat(sources.get("test").getProperty("added")).isEqualTo("value");
	}

	@Test
	void wrapAllKeepsSystemEnvironmentType() {
		MutablePropertySources sources = sources(
				new SystemEnvironmentPropertySource("systemEnvironment", Map.of("APP_PASSWORD", REFERENCE)));
		this.served.replace(Map.of(REFERENCE, "resolved"), Map.of(REFERENCE, "resolved"));
		PropertySourceWrapping.wrapAll(sources, this.served);
		PropertySource<?> wrapped = sources.get("systemEnvironment");
		assertThat(wrapped).isInstanceOf(SystemEnvironmentPropertySource.class);
		assertThat(wrapped.getProperty("app.password")).isEqualTo("resolved");
	}

	@Test
	void wrapAllWrapsOtherEnumerableSources() {
		MutablePropertySources sources = sources(new SimpleCommandLinePropertySource("--password=" + REFERENCE));
		this.served.replace(Map.of(REFERENCE, "resolved"), Map.of(REFERENCE, "resolved"));
		PropertySourceWrapping.wrapAll(sources, this.served);
		PropertySource<?> wrapped = sources.get("commandLineArgs");
		assertThat(wrapped).isInstanceOf(ResolvingPropertySource.class);
		assertThat(wrapped.getProperty("password")).isEqualTo("resolved");
	}

	@Test
	void wrapAllIsIdempotent() {
		MutablePropertySources sources = sources(new MapPropertySource("test", Map.of("password", REFERENCE)));
		PropertySourceWrapping.wrapAll(sources, this.served);
		PropertySource<?> wrapped = sources.get("test");
		PropertySourceWrapping.wrapAll(sources, this.served);
		assertThat(sources.get("test")).isSameAs(wrapped);
	}

	private static MutablePropertySources sources(PropertySource<?>... propertySources) {
		MutablePropertySources sources = new MutablePropertySources();
		for (PropertySource<?> source : propertySources) {
			sources.addLast(source);
		}
		return sources;
	}

}
