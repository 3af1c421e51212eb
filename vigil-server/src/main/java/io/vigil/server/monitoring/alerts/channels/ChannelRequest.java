package io.vigil.server.monitoring.alerts.channels;

import java.util.List;

/**
 * The body of {@code POST /ml/alerts/channels} and {@code PUT /ml/alerts/channels/{id}}. On a PUT, a
 * field left out keeps its value (a Slack URL is never shown, so it need not be sent again), and
 * {@code type} cannot change.
 *
 * @param url           a webhook's or Slack's URL (http or https), checked by the outbound rules when it is set
 * @param recipients    an email channel's addresses, 1 to {@value Channels#MAX_RECIPIENTS}
 * @param enabled       default true; a disabled channel is sent nothing, and its waiting deliveries are given up
 * @param rotateSecret  PUT of a webhook only: make a new signing secret, shown in the answer this once
 */
public record ChannelRequest(String name, String type, String url, List<String> recipients, Boolean enabled, Boolean rotateSecret) {
    @Override
    public String toString() {
        return "ChannelRequest[" + name + ", " + type + "]"; // never the URL: a Slack URL is a token
    }
}
