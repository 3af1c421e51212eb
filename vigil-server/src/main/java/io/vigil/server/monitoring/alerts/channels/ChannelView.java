package io.vigil.server.monitoring.alerts.channels;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A channel as answers show it: a Slack URL only as its origin (its path is the token), a webhook's
 * secret never.
 *
 * @param circuit this instance's circuit breaker for the channel: {@code closed} (sending),
 *                {@code open} (failing: its deliveries wait) or {@code half_open} (one try let through)
 */
public record ChannelView(UUID id, String name, ChannelType type, String url, List<String> recipients, boolean enabled, String circuit,
                          Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    static ChannelView of(Channel c, String circuit) {
        return new ChannelView(c.id(), c.name(), c.type(), c.type() == ChannelType.SLACK ? masked(c.url()) : c.url(), c.recipients(),
                c.enabled(), circuit, c.createdAt(), c.createdBy(), c.updatedAt(), c.updatedBy());
    }

    /** {@code https://hooks.slack.com/***}: where it goes, without the path and query that hold the token. */
    static String masked(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/***";
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // shown as hidden below
        }
        return "***";
    }

    /**
     * A channel just made, or a webhook whose secret was just replaced: the secret, shown this once.
     *
     * @param secret the webhook's signing secret; absent for the other types
     */
    public record WithSecret(@JsonInclude(JsonInclude.Include.NON_NULL) String secret, @JsonUnwrapped ChannelView channel) {
        @Override
        public String toString() {
            return "WithSecret[" + channel.id() + "]"; // never the secret
        }
    }
}
