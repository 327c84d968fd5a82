package io.github.secretresolver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * {@link RuntimeHintsRegistrar} for what the starter needs in an AOT-processed application or a
 * native image: the settings it binds itself, before any bean exists ({@code secret-resolver.*} and
 * the {@code spring.cloud.aws.*} settings of its clients), which no bean definition tells Spring
 * about. Beans, the actuator endpoint's responses and {@code spring.factories} entries are covered
 * by Spring's own AOT processing.
 *
 * @author Secret Resolver contributors
 */
class SecretResolverRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(SecretResolverProperties.class, SpringCloudAwsSettings.class)
			.registerHints(hints, classLoader);
	}

}
