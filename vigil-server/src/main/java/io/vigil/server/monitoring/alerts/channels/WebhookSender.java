package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.outbound.OutboundRequest;
import java.time.Clock;

/**
 * A webhook: {@link WebhookPayload} POSTed as JSON, signed ({@link WebhookSignature}) with the
 * channel's secret, with the delivery's id and the try's number in headers.
 */
final class WebhookSender implements ChannelSender {
    private final OutboundPost post;
    private final Clock clock;

    WebhookSender(OutboundPost post, Clock clock) {
        this.post = post;
        this.clock = clock;
    }

    @Override
    public Integer send(Channel channel, Outgoing message) {
        byte[] body = WebhookPayload.body(message);
        long timestamp = clock.instant().getEpochSecond();
        return post.post(OutboundRequest.postJson(channel.url(), body)
                .withHeader(WebhookSignature.DELIVERY_HEADER, message.deliveryId().toString())
                .withHeader(WebhookSignature.ATTEMPT_HEADER, Integer.toString(message.attempt()))
                .withHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .withHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(channel.secret(), timestamp, body)));
    }
}
