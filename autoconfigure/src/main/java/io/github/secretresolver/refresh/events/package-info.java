/**
 * Rotation events: reading EventBridge change events from SQS and turning bursts of them into
 * one refresh of the references they concern; for an SNS topic, the queue of each instance, its
 * heartbeat, and the removal of the queues that instances which died left behind.
 */
@NullMarked
package io.github.secretresolver.refresh.events;

import org.jspecify.annotations.NullMarked;
