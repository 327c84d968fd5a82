package io.github.secretresolver.refresh.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsRequest;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

class OrphanedQueueJanitorTests {

	private static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:secret-changes";

	private static final String QUEUE_ARN_PREFIX = "arn:aws:sqs:eu-west-1:111122223333:";

	private static final String URL_PREFIX = "https://sqs.eu-west-1.amazonaws.com/111122223333/";

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final Duration LIMIT = Duration.ofMinutes(5);

	private final SqsClient sqs = mock(SqsClient.class, CALLS_REAL_METHODS);

	private final SnsClient sns = mock(SnsClient.class, CALLS_REAL_METHODS);

	private final Map<String, Map<String, String>> tags = new HashMap<>();

	@Test
	void judgeFreshHeartbeatIsAlive() {
		assertThat(janitor(NOW).judge(tags(NOW.minusSeconds(10)))).isEqualTo(OrphanedQueueJanitor.Verdict.ALIVE);
	}

	@Test
	void judgeHeartbeatExactlyAtTheLimitIsAlive() {
		assertThat(janitor(NOW).judge(tags(NOW.minus(LIMIT)))).isEqualTo(OrphanedQueueJanitor.Verdict.ALIVE);
	}

	@Test
	void judgeHeartbeatOlderThanTheLimitIsOrphaned() {
		assertThat(janitor(NOW).judge(tags(NOW.minus(LIMIT).minusSeconds(1))))
			.isEqualTo(OrphanedQueueJanitor.Verdict.ORPHANED);
	}

	@Test
	void judgeFollowsTheClock() {
		Map<String, String> tags = tags(NOW);
		assertThat(janitor(NOW.plus(LIMIT)).judge(tags)).isEqualTo(OrphanedQueueJanitor.Verdict.ALIVE);
		assertThat(janitor(NOW.plus(LIMIT).plusSeconds(1)).judge(tags)).isEqualTo(OrphanedQueueJanitor.Verdict.ORPHANED);
	}

	@Test
	void judgeHeartbeatInTheFutureIsAlive() {
		assertThat(janitor(NOW).judge(tags(NOW.plusSeconds(90)))).isEqualTo(OrphanedQueueJanitor.Verdict.ALIVE);
	}

	@Test
	void judgeQueueOfAnotherTopicIsNotOurs() {
		Map<String, String> tags = new HashMap<>(tags(NOW.minus(Duration.ofDays(1))));
		tags.put(TopicQueueTags.TOPIC, TOPIC + "-other");
		assertThat(janitor(NOW).judge(tags)).isEqualTo(OrphanedQueueJanitor.Verdict.OTHER);
	}

	@Test
	void judgeQueueNotManagedByTheStarterIsNotOurs() {
		Map<String, String> tags = new HashMap<>(tags(NOW.minus(Duration.ofDays(1))));
		tags.remove(TopicQueueTags.MANAGED);
		assertThat(janitor(NOW).judge(tags)).isEqualTo(OrphanedQueueJanitor.Verdict.OTHER);
		assertThat(janitor(NOW).judge(Map.of())).isEqualTo(OrphanedQueueJanitor.Verdict.OTHER);
	}

	@Test
	void judgeMissingOrMalformedHeartbeatIsNoHeartbeat() {
		Map<String, String> tags = new HashMap<>(tags(NOW));
		tags.remove(TopicQueueTags.HEARTBEAT);
		assertThat(janitor(NOW).judge(tags)).isEqualTo(OrphanedQueueJanitor.Verdict.NO_HEARTBEAT);
		for (String malformed : List.of("", "soon", "-5", "1e9", "١٢٣", "9999999999999999999")) {
			tags.put(TopicQueueTags.HEARTBEAT, malformed);
			assertThat(janitor(NOW).judge(tags)).as(malformed).isEqualTo(OrphanedQueueJanitor.Verdict.NO_HEARTBEAT);
		}
	}

	@Test
	void sweepDeletesStaleQueuesOfTheTopicWithTheirSubscriptionsAndNothingElse() {
		Map<String, String> other = new HashMap<>(tags(NOW.minus(Duration.ofDays(1))));
		other.put(TopicQueueTags.TOPIC, TOPIC + "-other");
		Map<String, String> noHeartbeat = new HashMap<>(tags(NOW));
		noHeartbeat.remove(TopicQueueTags.HEARTBEAT);
		this.tags.put("secret-resolver-shop-own", tags(NOW.minus(Duration.ofDays(1))));
		this.tags.put("secret-resolver-shop-alive", tags(NOW.minusSeconds(30)));
		this.tags.put("secret-resolver-shop-stale", tags(NOW.minus(LIMIT).minusSeconds(1)));
		this.tags.put("secret-resolver-shop-other", other);
		this.tags.put("secret-resolver-shop-unmanaged", Map.of());
		this.tags.put("secret-resolver-shop-old-untagged", noHeartbeat);
		this.tags.put("secret-resolver-shop-new-untagged", noHeartbeat);
		Map<String, Instant> created = Map.of("secret-resolver-shop-old-untagged", NOW.minus(Duration.ofHours(1)),
				"secret-resolver-shop-new-untagged", NOW.minusSeconds(5));
		willAnswer((invocation) -> ListQueuesResponse.builder()
			.queueUrls(this.tags.keySet().stream().map((name) -> URL_PREFIX + name).toList())
			.build()).given(this.sqs).listQueues(any(ListQueuesRequest.class));
		willAnswer((invocation) -> ListQueueTagsResponse.builder()
			.tags(this.tags.get(name(invocation.getArgument(0, ListQueueTagsRequest.class).queueUrl())))
			.build()).given(this.sqs).listQueueTags(any(ListQueueTagsRequest.class));
		willAnswer((invocation) -> {
			Instant createdAt = created.get(name(invocation.getArgument(0, GetQueueAttributesRequest.class).queueUrl()));
			return GetQueueAttributesResponse.builder()
				.attributes(Map.of(QueueAttributeName.CREATED_TIMESTAMP, String.valueOf(createdAt.getEpochSecond())))
				.build();
		}).given(this.sqs).getQueueAttributes(any(GetQueueAttributesRequest.class));
		willThrow(QueueDoesNotExistException.builder().message("gone").build()).given(this.sqs)
			.getQueueUrl(any(GetQueueUrlRequest.class));
		willReturn(DeleteQueueResponse.builder().build()).given(this.sqs).deleteQueue(any(DeleteQueueRequest.class));
		willReturn(ListSubscriptionsByTopicResponse.builder()
			.subscriptions(subscription("own", QUEUE_ARN_PREFIX + "secret-resolver-shop-own"),
					subscription("stale", QUEUE_ARN_PREFIX + "secret-resolver-shop-stale"),
					subscription("alive", QUEUE_ARN_PREFIX + "secret-resolver-shop-alive"),
					subscription("gone", QUEUE_ARN_PREFIX + "secret-resolver-shop-gone"),
					subscription("elsewhere", "arn:aws:sqs:eu-west-1:999999999999:secret-resolver-shop-gone"),
					subscription("foreign", QUEUE_ARN_PREFIX + "orders"))
			.build()).given(this.sns).listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class));
		willReturn(UnsubscribeResponse.builder().build()).given(this.sns).unsubscribe(any(UnsubscribeRequest.class));

		OrphanedQueueJanitor janitor = janitor(NOW);
		assertThat(janitor.sweep(own())).isEqualTo(2);

		then(this.sqs).should().deleteQueue(deleteQueue("secret-resolver-shop-stale"));
		then(this.sqs).should().deleteQueue(deleteQueue("secret-resolver-shop-old-untagged"));
		then(this.sqs).should(times(2)).deleteQueue(any(DeleteQueueRequest.class));
		then(this.sns).should().unsubscribe(unsubscribe("stale"));
		then(this.sns).should().unsubscribe(unsubscribe("gone"));
		then(this.sns).should(times(2)).unsubscribe(any(UnsubscribeRequest.class));
		then(this.sqs).should(never())
			.listQueueTags(ListQueueTagsRequest.builder().queueUrl(URL_PREFIX + "secret-resolver-shop-own").build());
	}

	@Test
	void sweepDoesNotReadTheTagsOfAQueueSeenAliveUntilItsHeartbeatCouldBeStale() {
		this.tags.put("secret-resolver-shop-alive", tags(NOW.minusSeconds(30)));
		willAnswer((invocation) -> ListQueuesResponse.builder()
			.queueUrls(this.tags.keySet().stream().map((name) -> URL_PREFIX + name).toList())
			.build()).given(this.sqs).listQueues(any(ListQueuesRequest.class));
		willAnswer((invocation) -> ListQueueTagsResponse.builder()
			.tags(this.tags.get(name(invocation.getArgument(0, ListQueueTagsRequest.class).queueUrl())))
			.build()).given(this.sqs).listQueueTags(any(ListQueueTagsRequest.class));
		willReturn(ListSubscriptionsByTopicResponse.builder().build()).given(this.sns)
			.listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class));

		janitor(NOW).sweep(own());
		OrphanedQueueJanitor janitor = janitor(NOW);
		janitor.sweep(own());
		janitor.sweep(own());
		then(this.sqs).should(times(2)).listQueueTags(any(ListQueueTagsRequest.class));
	}

	private OrphanedQueueJanitor janitor(Instant now) {
		Clock clock = Clock.fixed(now, ZoneOffset.UTC);
		return new OrphanedQueueJanitor(this.sqs, this.sns,
				new TopicQueueProvisioner(this.sqs, this.sns, TOPIC, "shop", clock), LIMIT, clock);
	}

	private static TopicQueue own() {
		return new TopicQueue("secret-resolver-shop-own", URL_PREFIX + "secret-resolver-shop-own",
				QUEUE_ARN_PREFIX + "secret-resolver-shop-own", TOPIC + ":own");
	}

	private static Map<String, String> tags(Instant heartbeat) {
		return TopicQueueTags.of(TOPIC, heartbeat);
	}

	private static Subscription subscription(String id, String endpoint) {
		return Subscription.builder().subscriptionArn(TOPIC + ":" + id).protocol("sqs").endpoint(endpoint).build();
	}

	private static DeleteQueueRequest deleteQueue(String name) {
		return DeleteQueueRequest.builder().queueUrl(URL_PREFIX + name).build();
	}

	private static UnsubscribeRequest unsubscribe(String id) {
		return UnsubscribeRequest.builder().subscriptionArn(TOPIC + ":" + id).build();
	}

	private static String name(String url) {
		return url.substring(url.lastIndexOf('/') + 1);
	}

}
