package io.vigil.server.monitoring.alerts.channels;

/** Sends messages of one {@link ChannelType}. A new type of channel is one more of these (see ARCHITECTURE.md). */
interface ChannelSender {
    /**
     * Sends {@code message} to {@code channel}, within the outbound deadline.
     *
     * @return the HTTP status the receiver answered, or null when the protocol has none (SMTP)
     * @throws DeliveryFailure it was not delivered; the message says why, naming no secret
     */
    Integer send(Channel channel, Outgoing message);
}
