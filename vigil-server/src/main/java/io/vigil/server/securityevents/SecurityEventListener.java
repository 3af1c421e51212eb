package io.vigil.server.securityevents;

import java.util.List;

/**
 * Told of events once their transaction committed, on the thread that stored them: the JSON-lines
 * event log, the search index. {@code state} is {@code open} (new), {@code escalated} or {@code ended}.
 */
@FunctionalInterface
public interface SecurityEventListener {
    void changed(String state, List<SecurityEvent> events);
}
