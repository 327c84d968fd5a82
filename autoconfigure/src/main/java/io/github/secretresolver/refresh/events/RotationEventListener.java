package io.github.secretresolver.refresh.events;

import io.awspring.cloud.sqs.listener.MessageListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.Message;

/**
 * Receives rotation events from SQS and hands the ones it recognises to the
 * {@link RefreshCoalescer}. Never throws, so every message is deleted after it is read: a
 * malformed or unrelated message is logged (without its content) and dropped, never retried.
 *
 * @author Secret Resolver contributors
 */
public class RotationEventListener implements MessageListener<String> {

	private static final Log logger = LogFactory.getLog(RotationEventListener.class);

	private final RefreshCoalescer coalescer;

	/**
	 * Create a new instance.
	 * @param coalescer receives the recognised events
	 */
	public RotationEventListener(RefreshCoalescer coalescer) {
		this.coalescer = coalescer;
	}

	@Override
	public void onMessage(Message<String> message) {
		String body = message.getPayload();
		RotationEvent.parse(body).ifPresentOrElse(this.coalescer::submit,
				() -> logger.info("Ignored an SQS message that is not a Parameter Store or Secrets Manager change "
						+ "event (" + body.length() + " characters)"));
	}

}
