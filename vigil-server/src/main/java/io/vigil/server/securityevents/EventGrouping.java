package io.vigil.server.securityevents;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Where stored events are grouped into incidents, in the transaction that stores them (so an event
 * is never stored without its incident, nor the reverse). {@code incidents.IncidentGrouping} implements it.
 */
public interface EventGrouping {
    EventGrouping NONE = new EventGrouping() {
        @Override
        public UUID group(Handle h, SecurityEvent e) {
            return null;
        }

        @Override
        public void grew(Handle h, SecurityEvent e) {}
    };

    /** Groups a new event; answers its incident's id, or null when it has no entity to group by. */
    UUID group(Handle h, SecurityEvent e);

    /** An event already grouped changed (an anomaly run went on, or became critical): its incident follows. */
    void grew(Handle h, SecurityEvent e);
}
