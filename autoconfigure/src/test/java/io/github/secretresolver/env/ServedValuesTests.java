package io.github.secretresolver.env;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServedValues}.
 *
 * @author Secret Resolver contributors
 */
class ServedValuesTests {

	private static final String REFERENCE = "<<resolve:ssm-secure:/shop/db-password>>";

	private static final String WRITTEN = "jdbc:postgresql://db/shop?password=" + REFERENCE;

	private static final String RESOLVED = "jdbc:postgresql://db/shop?password=hunter2-SECRET";

	private final ServedValues values = new ServedValues();

	@Test
	void resolveWhenValueHasNoReferenceReturnsSameInstance() {
		String written = new String("jdbc:postgresql://db/shop");
		this.values.replace(Map.of(WRITTEN, RESOLVED), Map.of(REFERENCE, "hunter2-SECRET"));
		assertThat(this.values.resolve(written)).isSameAs(written);
	}

	@Test
	void resolveWhenValueIsNotCharSequenceReturnsSameInstance() {
		Object written = Integer.valueOf(4242);
		Object list = List.of(REFERENCE);
		this.values.replace(Map.of(REFERENCE, "hunter2-SECRET"), Map.of(REFERENCE, "hunter2-SECRET"));
		assertThat(this.values.resolve(written)).isSameAs(written);
		assertThat(this.values.resolve(list)).isSameAs(list);
	}

	@Test
	void resolveWhenNullReturnsNull() {
		assertThat(this.values.resolve(null)).isNull();
	}

	@Test
	void resolveWhenReferenceIsUnknownReturnsValueAsWritten() {
		String written = new String(WRITTEN);
		assertThat(this.values.resolve(written)).isSameAs(written);
		assertThat(this.values.resolvedByWritten()).doesNotContainKey(WRITTEN);
		this.values.replace(Map.of("<<resolve:ssm:/other>>", "other"), Map.of("<<resolve:ssm:/other>>", "other"));
		assertThat(this.values.resolve(written)).isSameAs(written);
	}

	@Test
	void resolveWhenAddedReturnsResolvedValue() {
		this.values.replace(Map.of(WRITTEN, RESOLVED), Map.of(REFERENCE, "hunter2-SECRET"));
		assertThat(this.values.resolve(WRITTEN)).isEqualTo(RESOLVED);
		assertThat(this.values.resolvedByWritten()).containsOnlyKeys(WRITTEN);
		assertThat(this.values.size()).isOne();
	}

	@Test
	void resolveWhenCharSequenceIsNotStringReturnsResolvedValue() {
		this.values.replace(Map.of(WRITTEN, RESOLVED), Map.of(REFERENCE, "hunter2-SECRET"));
		assertThat(this.values.resolve(new StringBuilder(WRITTEN))).isEqualTo(RESOLVED);
	}

	@Test
	void resolveWhenCharSequenceIsNotStringAndUnknownReturnsSameInstance() {
		StringBuilder written = new StringBuilder(WRITTEN);
		assertThat(this.values.resolve(written)).isSameAs(written);
	}

	@Test
	void toStringDoesNotContainValues() {
		this.values.replace(Map.of(WRITTEN, RESOLVED), Map.of(REFERENCE, "hunter2-SECRET"));
		assertThat(this.values.toString()).doesNotContain("hunter2").doesNotContain(REFERENCE).contains("1");
	}

	@Test
	void replaceSwapsTheWholeSnapshot() {
		String otherReference = "<<resolve:secretsmanager:MySecret:SecretString:apiKey>>";
		this.values.replace(Map.of(WRITTEN, RESOLVED, otherReference, "old-key"),
				Map.of(REFERENCE, "hunter2-SECRET", otherReference, "old-key"));
		this.values.replace(Map.of(otherReference, "new-key", "<<resolve:ssm:/third>>", "third"),
				Map.of(otherReference, "new-key", "<<resolve:ssm:/third>>", "third"));
		assertThat(this.values.resolve(WRITTEN)).isEqualTo(WRITTEN);
		assertThat(this.values.resolve(otherReference)).isEqualTo("new-key");
		assertThat(this.values.resolve("<<resolve:ssm:/third>>")).isEqualTo("third");
		assertThat(this.values.size()).isEqualTo(2);
	}

}
