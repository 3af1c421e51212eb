package io.vigil.server.monitoring.alerts.channels;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A channel as stored, secrets included: what senders use. Answers show a {@link ChannelView}
 * instead, and {@link #toString()} names no URL, address or secret.
 *
 * @param url        a webhook's or Slack's URL; null for email
 * @param recipients an email channel's addresses; empty for the others
 * @param secret     a webhook's signing secret; null for the others
 */
public record Channel(UUID id, String name, ChannelType type, String url, List<String> recipients, String secret, boolean enabled,
                      Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {
    public Channel {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    @Override
    public String toString() {
        return "Channel[" + id + " " + name + ", " + type.wire() + (enabled ? "" : ", disabled") + "]";
    }
}
