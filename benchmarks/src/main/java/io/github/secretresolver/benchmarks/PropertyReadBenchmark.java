package io.github.secretresolver.benchmarks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.secretresolver.env.ReferenceResolver;
import io.github.secretresolver.fetch.AwsClients;
import io.github.secretresolver.fetch.AwsFetcher;
import io.github.secretresolver.fetch.Budget;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Scenario 3: reading a resolved property after startup vs reading a plain one. Both live in the
 * same property source of a {@link StandardEnvironment}; the resolved one is served by the
 * starter's wrapper. The reference is resolved once in the setup against moto
 * ({@code -Dbench.moto=URL}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PropertyReadBenchmark {

	static final String PARAMETER = "/bench/jmh/db-password";

	static final String VALUE = "s3cr3t-value-of-the-benchmark";

	private StandardEnvironment environment;

	private AwsClients clients;

	@Setup(Level.Trial)
	public void setUp() {
		URI moto = URI.create(System.getProperty("bench.moto", "http://127.0.0.1:4620"));
		try (SsmClient ssm = Aws.ssm(moto)) {
			ssm.putParameter((r) -> r.name(PARAMETER).value(VALUE).type(ParameterType.STRING).overwrite(true));
		}
		this.environment = new StandardEnvironment();
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("plain.password", VALUE, "resolved.password", "<<resolve:ssm:" + PARAMETER + ">>")));
		this.clients = new AwsClients(Aws.factory(moto, RetryMode.STANDARD));
		new ReferenceResolver(new AwsFetcher(this.clients, 8, Budget.of(Duration.ofSeconds(60))), Clock.systemUTC())
			.resolve(this.environment);
		if (!VALUE.equals(this.environment.getProperty("resolved.password"))) {
			throw new IllegalStateException("not resolved: " + this.environment.getProperty("resolved.password"));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.clients.close();
	}

	@Benchmark
	public String plainProperty() {
		return this.environment.getProperty("plain.password");
	}

	@Benchmark
	public String resolvedProperty() {
		return this.environment.getProperty("resolved.password");
	}

}
