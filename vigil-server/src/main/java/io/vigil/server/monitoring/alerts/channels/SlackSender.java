package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.outbound.OutboundRequest;

/** A Slack incoming webhook: {@link SlackMessage} POSTed to the channel's (secret) URL. */
final class SlackSender implements ChannelSender {
    private final OutboundPost post;

    SlackSender(OutboundPost post) {
        this.post = post;
    }

    @Override
    public Integer send(Channel channel, Outgoing message) {
        return post.post(OutboundRequest.postJson(channel.url(), SlackMessage.body(message)));
    }
}
