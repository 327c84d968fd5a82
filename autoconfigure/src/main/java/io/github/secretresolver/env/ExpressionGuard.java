package io.github.secretresolver.env;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;

/**
 * {@link BeanExpressionResolver} that keeps SpEL from evaluating content fetched from AWS.
 * {@code @Value} evaluates {@code #{...}} after placeholders are resolved, so a secret containing
 * {@code #{...}} would otherwise run as an expression. A text that is exactly a resolved value is
 * returned as it is; a larger template that embeds such a value is refused rather than evaluated.
 * Everything else goes to the usual resolver.
 *
 * @author Secret Resolver contributors
 */
final class ExpressionGuard implements BeanExpressionResolver {

	private final BeanExpressionResolver delegate;

	private final ServedValues served;

	ExpressionGuard(BeanExpressionResolver delegate, ServedValues served) {
		this.delegate = delegate;
		this.served = served;
	}

	@Override
	public @Nullable Object evaluate(@Nullable String value, BeanExpressionContext beanExpressionContext)
			throws BeansException {
		if (value == null || !this.served.carriesExpression(value)) {
			return this.delegate.evaluate(value, beanExpressionContext);
		}
		if (this.served.isWholeValue(value)) {
			return value;
		}
		throw new IllegalStateException("A value fetched from AWS contains '#{' and is embedded in a larger "
				+ "SpEL template; it is not evaluated. Inject the property alone, or read it with "
				+ "@ConfigurationProperties or Environment.getProperty");
	}

}
