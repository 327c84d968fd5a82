package io.github.secretresolver.refresh.beans;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.secretresolver.env.Placeholders;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ReflectionUtils;

/**
 * Records which properties beans read with {@code @Value} (fields, setter and other methods,
 * constructor parameters): such an injection happens once, so a refresh does not reach it. Only
 * names are kept, never values.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class ValueInjections implements BeanPostProcessor {

	private final Map<Class<?>, List<Injection>> injectionsByClass = new ConcurrentHashMap<>();

	private final Map<String, List<Injection>> injectionsByBean = new ConcurrentHashMap<>();

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		List<Injection> injections = this.injectionsByClass.computeIfAbsent(AopUtils.getTargetClass(bean),
				ValueInjections::injectionsOf);
		if (!injections.isEmpty()) {
			this.injectionsByBean.put(beanName, injections);
		}
		return bean;
	}

	/**
	 * Return, for each bean that injects one of the given properties with {@code @Value}, where.
	 * @param properties property names, in canonical form
	 * @param canonical turns a placeholder key into a canonical property name, or {@code null}
	 * @return descriptions such as {@code bean 'shopClient' (@Value on field password)}, by property
	 */
	Map<String, List<String>> injecting(Set<String> properties, Function<String, String> canonical) {
		Map<String, List<String>> injecting = new java.util.TreeMap<>();
		this.injectionsByBean.forEach((bean, injections) -> injections.forEach((injection) -> injection.keys()
			.forEach((key) -> {
				String property = canonical.apply(key);
				if (property != null && properties.contains(property)) {
					injecting.computeIfAbsent(property, (name) -> new ArrayList<>())
						.add("bean '" + bean + "' (@Value on " + injection.member() + ")");
				}
			})));
		return injecting;
	}

	private static List<Injection> injectionsOf(Class<?> type) {
		List<Injection> injections = new ArrayList<>();
		ReflectionUtils.doWithFields(type, (field) -> add(injections, field, "field " + field.getName()));
		ReflectionUtils.doWithMethods(type, (method) -> {
			add(injections, method, "method " + method.getName());
			for (Parameter parameter : method.getParameters()) {
				add(injections, parameter, "a parameter of method " + method.getName());
			}
		});
		for (Constructor<?> constructor : type.getDeclaredConstructors()) {
			for (Parameter parameter : constructor.getParameters()) {
				add(injections, parameter, "constructor parameter " + parameter.getName());
			}
		}
		return List.copyOf(injections);
	}

	private static void add(List<Injection> injections, AnnotatedElement element, String member) {
		if (element instanceof Field field && field.isSynthetic() || element instanceof Method method && method.isBridge()) {
			return;
		}
		var value = MergedAnnotations.from(element).get(Value.class);
		if (value.isPresent()) {
			Set<String> keys = Placeholders.keysOf(value.getString("value"));
			if (!keys.isEmpty()) {
				injections.add(new Injection(member, keys));
			}
		}
	}

	private record Injection(String member, Set<String> keys) {
	}

}
