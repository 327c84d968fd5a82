/**
 * Rotation events: reading EventBridge change events from SQS and turning bursts of them into
 * one refresh of the references they concern.
 */
@NullMarked
package io.github.secretresolver.refresh.events;

import org.jspecify.annotations.NullMarked;
