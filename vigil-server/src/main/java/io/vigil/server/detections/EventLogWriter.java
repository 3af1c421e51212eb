package io.vigil.server.detections;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vigil.server.eventlog.EventLog;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEventListener;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every security event, as it is stored or changes, appended to the JSON-lines event log: one line
 * per event and state, the event's fields beside {@code logState} ({@code open}, {@code escalated},
 * {@code ended}). Appended after the event's transaction committed, so the log never holds an
 * event PostgreSQL does not; a crash between the two loses that event's line, not the event. A
 * line the log could not write is logged at ERROR and counted.
 */
final class EventLogWriter implements SecurityEventListener {
    private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);

    private final EventLog eventLog;
    private final UnaryOperator<SecurityEvent> view;
    private final AtomicLong failed = new AtomicLong();

    /** @param view what of each event the log keeps: itself, or its pseudonymised form */
    EventLogWriter(EventLog eventLog, UnaryOperator<SecurityEvent> view) {
        this.eventLog = eventLog;
        this.view = view;
    }

    /** One line of the log. */
    @JsonPropertyOrder({"logState"})
    record Line(String logState, @JsonUnwrapped SecurityEvent event) {}

    @Override
    public void changed(String state, List<SecurityEvent> events) {
        if (!eventLog.enabled() || events.isEmpty()) {
            return;
        }
        try {
            eventLog.appendAll(events.stream().map(e -> new Line(state, view.apply(e))).toList());
        } catch (RuntimeException e) {
            failed.addAndGet(events.size());
            log.atError().setCause(e).addKeyValue("events", events.size()).addKeyValue("dir", eventLog.dir())
                    .log("security events stored but not appended to the event log");
        }
    }

    long failed() {
        return failed.get();
    }
}
