package io.vigil.server.monitoring.alerts.channels;

import java.time.Instant;
import java.util.UUID;

/**
 * One alert sent (or being sent) to one channel, as {@code GET /ml/alerts/deliveries} lists it.
 *
 * @param state         {@code pending} (waiting for its next try), {@code delivered} or {@code failed} (gave up)
 * @param attempts      tries made so far
 * @param nextAttemptAt when a pending delivery is tried next; null once it is done
 * @param lastError     why the last try failed, or why it waits (an open circuit); never a secret
 * @param lastStatus    the HTTP status the last try got, when it got one
 */
public record Delivery(UUID id, UUID alertId, UUID channelId, String channelName, ChannelType channelType, String ruleName,
                       String severity, String alertState, String state, int attempts, Instant nextAttemptAt, String lastError,
                       Integer lastStatus, Instant createdAt, Instant updatedAt, Instant deliveredAt) {

    /** The filters of the list: each null for any. */
    public record Filter(UUID alertId, UUID channelId, String state) {}
}
