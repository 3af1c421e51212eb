package io.vigil.server.monitoring.alerts;

import java.util.List;
import java.util.UUID;

/**
 * Where alerts go out: called when an alert fires (a new alert, or a new one after its rule's
 * cool-down) and when it resolves, with the channels its rule names. The channels (webhook,
 * Slack, email) implement it; an implementation must not block for long (it runs on monitoring's
 * thread, or on the thread of the request that resolved the alert): queue, then deliver.
 */
public interface AlertNotifier {
    /** Sends nothing. */
    AlertNotifier NONE = (notice, channelIds) -> { };

    void notify(AlertNotice notice, List<UUID> channelIds);
}
