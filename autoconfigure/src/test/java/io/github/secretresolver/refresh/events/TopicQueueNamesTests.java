package io.github.secretresolver.refresh.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicQueueNamesTests {

	private static final String ID = "0123456789abcdef";

	@Test
	void deriveJoinsPrefixApplicationNameAndInstanceId() {
		assertThat(TopicQueueNames.derive("shop", ID)).isEqualTo("secret-resolver-shop-0123456789abcdef");
	}

	@Test
	void deriveWithoutApplicationNameUsesApplication() {
		assertThat(TopicQueueNames.derive(null, ID)).isEqualTo("secret-resolver-application-0123456789abcdef");
	}

	@Test
	void deriveReplacesCharactersSqsRefuses() {
		assertThat(TopicQueueNames.derive("  Shop API.v2 (eu)/prod ", ID))
			.isEqualTo("secret-resolver-shop-api-v2-eu-prod-0123456789abcdef");
	}

	@Test
	void deriveKeepsUnderscoresAndHyphens() {
		assertThat(TopicQueueNames.derive("order_service-blue", ID))
			.isEqualTo("secret-resolver-order_service-blue-0123456789abcdef");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "...", "日本" })
	void deriveFromANameWithNothingUsableUsesApplication(String applicationName) {
		assertThat(TopicQueueNames.derive(applicationName, ID)).isEqualTo("secret-resolver-application-0123456789abcdef");
	}

	@Test
	void deriveDropsLettersOutsideAscii() {
		assertThat(TopicQueueNames.derive("élan", ID)).isEqualTo("secret-resolver-lan-0123456789abcdef");
	}

	@Test
	void deriveShortensALongApplicationNameAndKeepsTheInstanceIdWhole() {
		String name = TopicQueueNames.derive("a".repeat(200), ID);
		assertThat(name).hasSize(TopicQueueNames.MAX_LENGTH).startsWith("secret-resolver-aaa").endsWith("-" + ID);
	}

	@Test
	void deriveDoesNotEndTheShortenedApplicationNameWithAHyphen() {
		String applicationName = "a".repeat(46) + "-b" + "c".repeat(40);
		assertThat(TopicQueueNames.derive(applicationName, ID)).isEqualTo("secret-resolver-" + "a".repeat(46) + "-" + ID);
	}

	@Test
	void derivedNamesAreValidSqsNames() {
		for (String applicationName : new String[] { null, "x", "My App!", "a".repeat(500), "-_-", "A B C" }) {
			String name = TopicQueueNames.derive(applicationName, TopicQueueNames.newInstanceId());
			assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+").startsWith(TopicQueueNames.PREFIX);
		}
	}

	@Test
	void newInstanceIdsAreSixteenHexDigitsAndDiffer() {
		String first = TopicQueueNames.newInstanceId();
		assertThat(first).matches("[0-9a-f]{16}");
		assertThat(TopicQueueNames.newInstanceId()).isNotEqualTo(first);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a:b", "with space" })
	void deriveRefusesAnInvalidInstanceId(String instanceId) {
		assertThatIllegalArgumentException().isThrownBy(() -> TopicQueueNames.derive("shop", instanceId))
			.withMessageContaining("'instanceId'");
	}

	@Test
	void deriveRefusesAnInstanceIdThatLeavesNoRoom() {
		assertThatIllegalArgumentException().isThrownBy(() -> TopicQueueNames.derive("shop", "x".repeat(63)));
	}

}
