package io.github.secretresolver.fetch;

import java.util.List;
import java.util.Optional;

import io.github.secretresolver.reference.ReferenceService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FailoverPolicy}.
 */
class FailoverPolicyTests {

	private final FailoverPolicy policy = new FailoverPolicy(List.of("eu-west-1", "eu-central-1"), false, 3);

	@Test
	void secretsAndMultiRegionKeysFailOverInOrder() {
		assertThat(this.policy.regions(ReferenceService.SECRETS_MANAGER, Optional.empty()))
			.containsExactly(Optional.empty(), Optional.of("eu-west-1"), Optional.of("eu-central-1"));
		assertThat(this.policy.regions(ReferenceService.KMS, Optional.of("us-east-1")))
			.containsExactly(Optional.of("us-east-1"), Optional.of("eu-west-1"), Optional.of("eu-central-1"));
	}

	@Test
	void parameterStoreFailsOverOnlyWhenAskedTo() {
		assertThat(this.policy.regions(ReferenceService.SSM, Optional.empty())).containsExactly(Optional.empty());
		assertThat(new FailoverPolicy(List.of("eu-west-1"), true, 3).regions(ReferenceService.SSM, Optional.empty()))
			.containsExactly(Optional.empty(), Optional.of("eu-west-1"));
	}

	@Test
	void callsThatCannotFailOverStayInTheirRegion() {
		assertThat(this.policy.regions(null, Optional.of("us-east-1"))).containsExactly(Optional.of("us-east-1"));
	}

	@Test
	void failoverRegionEqualToThePlannedOneIsSkipped() {
		assertThat(this.policy.regions(ReferenceService.SECRETS_MANAGER, Optional.of("eu-west-1")))
			.containsExactly(Optional.of("eu-west-1"), Optional.of("eu-central-1"));
	}

	@Test
	void failoverAfterFewerThanOneFailureIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FailoverPolicy(List.of(), false, 0));
	}

}
