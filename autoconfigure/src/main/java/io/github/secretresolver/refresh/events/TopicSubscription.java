package io.github.secretresolver.refresh.events;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Receives rotation events from an SNS topic through an SQS queue of this instance's own: on start,
 * creates the queue (tagged, with a policy that lets the topic send to it), subscribes it to the
 * topic with raw message delivery and starts a listener container on it; every third of the
 * orphan limit, records a heartbeat on the queue and sweeps the queues that instances which died
 * left behind ({@link OrphanedQueueJanitor}); on stop, unsubscribes, stops the listener and deletes
 * the queue.
 * <p>
 * A queue that disappears while the instance runs (deleted by hand, or by another instance after
 * this one missed its heartbeats for longer than the limit) is replaced by a new one; events
 * published meanwhile are missed, and the background refresh covers them. A start that fails for a
 * permanent reason (access denied, no such topic) fails; a transient failure is logged and the
 * subscription is tried again at every heartbeat.
 *
 * @author Secret Resolver contributors
 */
public class TopicSubscription implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TopicSubscription.class);

	private static final Duration MIN_ORPHAN_AFTER = Duration.ofSeconds(3);

	private final TopicQueueProvisioner provisioner;

	private final OrphanedQueueJanitor janitor;

	private final Function<String, ? extends MessageListenerContainer<?>> containers;

	private final Duration heartbeatInterval;

	private final Object lock = new Object();

	private @Nullable ScheduledExecutorService scheduler;

	private volatile @Nullable TopicQueue queue;

	private @Nullable MessageListenerContainer<?> container;

	private volatile boolean running;

	private boolean sweepFailureLogged;

	/**
	 * Create a new instance.
	 * @param sqs creates, tags and deletes queues
	 * @param sns subscribes queues to the topic
	 * @param topicArn the topic that carries the rotation events
	 * @param applicationName the application's name, part of the queue name, or {@code null}
	 * @param orphanAfter how old a queue's heartbeat may get before other instances delete it; the
	 * heartbeat is recorded every third of it
	 * @param containers creates the listener container of a queue, given its URL
	 */
	public TopicSubscription(SqsClient sqs, SnsClient sns, String topicArn, @Nullable String applicationName,
			Duration orphanAfter, Function<String, ? extends MessageListenerContainer<?>> containers) {
		this(sqs, sns, topicArn, applicationName, orphanAfter, containers, Clock.systemUTC());
	}

	TopicSubscription(SqsClient sqs, SnsClient sns, String topicArn, @Nullable String applicationName,
			Duration orphanAfter, Function<String, ? extends MessageListenerContainer<?>> containers, Clock clock) {
		if (orphanAfter.compareTo(MIN_ORPHAN_AFTER) < 0) {
			throw new IllegalArgumentException("'orphanAfter' must be at least " + MIN_ORPHAN_AFTER.toSeconds() + " s");
		}
		this.provisioner = new TopicQueueProvisioner(sqs, sns, topicArn, applicationName, clock);
		this.janitor = new OrphanedQueueJanitor(sqs, sns, this.provisioner, orphanAfter, clock);
		this.containers = containers;
		this.heartbeatInterval = orphanAfter.dividedBy(3);
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (this.running) {
				return;
			}
			try {
				subscribe();
			}
			catch (RuntimeException ex) {
				if (AwsErrors.isPermanent(ex)) {
					throw new IllegalStateException("Could not subscribe to the rotation events of topic "
							+ this.provisioner.topicArn() + " (" + AwsErrors.describe(ex) + "): check "
							+ "secret-resolver.events.topic and the IAM permissions that topic mode needs", ex);
				}
				logger.warn("Could not subscribe to the rotation events of topic " + this.provisioner.topicArn() + " ("
						+ AwsErrors.describe(ex) + "); trying again every " + this.heartbeatInterval.toSeconds()
						+ " s, values are refreshed in the background meanwhile");
			}
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads());
			long interval = this.heartbeatInterval.toMillis();
			// spread over the interval, so that a fleet started together does not sweep together
			long initialDelay = interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2 + 1);
			scheduler.scheduleWithFixedDelay(this::maintain, initialDelay, interval, TimeUnit.MILLISECONDS);
			this.scheduler = scheduler;
			this.running = true;
		}
	}

	/**
	 * Record the heartbeat (or subscribe again if the queue is gone, or was never created), then
	 * sweep the queues left by instances that died.
	 */
	void maintain() {
		synchronized (this.lock) {
			if (!this.running) {
				return;
			}
			TopicQueue current = this.queue;
			try {
				if (current == null) {
					subscribe();
				}
				else {
					heartbeat(current);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not " + ((current != null) ? "record the heartbeat of rotation events queue "
						+ current.name() : "subscribe to the rotation events of topic " + this.provisioner.topicArn())
						+ " (" + AwsErrors.describe(ex) + "); trying again in " + this.heartbeatInterval.toSeconds()
						+ " s");
				return;
			}
			sweep();
		}
	}

	private void sweep() {
		TopicQueue current = this.queue;
		if (current == null) {
			return;
		}
		try {
			this.janitor.sweep(current);
			this.sweepFailureLogged = false;
		}
		catch (RuntimeException ex) {
			// logged once while it keeps failing: a missing permission would otherwise log at every heartbeat
			String message = "Could not look for the queues of topic " + this.provisioner.topicArn()
					+ " left by instances that stopped without removing them (" + AwsErrors.describe(ex) + ")";
			if (!this.sweepFailureLogged) {
				logger.warn(message + "; trying again every " + this.heartbeatInterval.toSeconds() + " s");
				this.sweepFailureLogged = true;
			}
			else {
				logger.debug(message);
			}
		}
	}

	private void heartbeat(TopicQueue current) {
		try {
			this.provisioner.heartbeat(current);
		}
		catch (RuntimeException ex) {
			if (!AwsErrors.isQueueGone(ex)) {
				throw ex;
			}
			logger.warn("Rotation events queue " + current.name() + " was deleted while in use (by hand, or by "
					+ "another instance after heartbeats failed for longer than the orphan limit); subscribing a new "
					+ "queue. Events published meanwhile were missed: values are refreshed in the background");
			unsubscribe(current);
			subscribe();
		}
	}

	private void subscribe() {
		TopicQueue created = this.provisioner.create();
		MessageListenerContainer<?> listener = null;
		try {
			listener = this.containers.apply(created.url());
			listener.start();
		}
		catch (RuntimeException ex) {
			if (listener != null) {
				listener.stop();
			}
			this.provisioner.unsubscribe(created.subscriptionArn());
			this.provisioner.deleteQueue(created.url());
			throw ex;
		}
		this.queue = created;
		this.container = listener;
		logger.info("Receiving rotation events of topic " + this.provisioner.topicArn() + " on queue "
				+ created.name());
	}

	/**
	 * Stop receiving: unsubscribe first, so that no event is sent to a queue about to be deleted,
	 * then stop the listener and delete the queue.
	 */
	private boolean unsubscribe(TopicQueue current) {
		boolean unsubscribed = this.provisioner.unsubscribe(current.subscriptionArn());
		MessageListenerContainer<?> listener = this.container;
		this.container = null;
		this.queue = null;
		if (listener != null) {
			listener.stop();
		}
		return this.provisioner.deleteQueue(current.url()) && unsubscribed;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler;
		synchronized (this.lock) {
			this.running = false;
			scheduler = this.scheduler;
			this.scheduler = null;
		}
		if (scheduler != null) {
			scheduler.shutdown();
		}
		synchronized (this.lock) {
			TopicQueue current = this.queue;
			if (current != null && unsubscribe(current)) {
				logger.info("Removed rotation events queue " + current.name() + " and its subscription to topic "
						+ this.provisioner.topicArn());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the queue of this instance.
	 * @return the queue name, or {@code null} if not subscribed
	 */
	public @Nullable String getQueueName() {
		TopicQueue current = this.queue;
		return (current != null) ? current.name() : null;
	}

	private static CustomizableThreadFactory threads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("secret-resolver-topic-");
		threads.setDaemon(true);
		return threads;
	}

}
