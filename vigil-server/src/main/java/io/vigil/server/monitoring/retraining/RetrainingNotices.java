package io.vigil.server.monitoring.retraining;

import io.vigil.server.audit.AuditEvent;
import io.vigil.server.auth.Caller;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who hears of a trigger and of its decision: watchers of the event stream ({@code retraining.triggered},
 * {@code retraining.decided}, the trigger as data), the audit log (what Vigil changed on its own: the
 * training it queued and the deploy it made, by {@code vigil}), and the alerts port.
 */
final class RetrainingNotices {
    static final String TRIGGERED = "retraining.triggered";
    static final String DECIDED = "retraining.decided";

    private final EventBus events;
    private final Consumer<AuditEvent> audit;
    private final RetrainingAlerts alerts;
    private final Clock clock;

    RetrainingNotices(EventBus events, Consumer<AuditEvent> audit, RetrainingAlerts alerts, Clock clock) {
        this.events = events;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** A trigger was recorded; {@code queuedBy} is the caller the training was queued as (Vigil's own are audited here). */
    void triggered(Trigger t, Caller queuedBy) {
        if (queuedBy.kind() == Caller.Kind.SYSTEM && t.jobId() != null) {
            audit.accept(AuditEvent.bySystem("POST /ml/models/{id}/train", object(t, "job", t.jobId().toString()), 202));
        }
        events.publish(new Event(TRIGGERED, t.modelId(), t.jobId(), t.outcome(), null, t, clock.instant()));
        alerts.triggered(t);
    }

    /** Vigil deployed the version a trigger trained. */
    void deployed(Trigger t, int version) {
        audit.accept(AuditEvent.bySystem("POST /ml/models/{id}/deploy", object(t, "version", Integer.toString(version)), 200));
    }

    /** A trigger's decision was recorded. */
    void decided(Trigger t) {
        events.publish(new Event(DECIDED, t.modelId(), t.jobId(), t.outcome(), null, t, clock.instant()));
        alerts.decided(t);
    }

    private static Map<String, String> object(Trigger t, String name, String value) {
        Map<String, String> object = new LinkedHashMap<>();
        object.put("id", t.modelId().toString());
        object.put(name, value);
        object.put("retrainingTrigger", t.id().toString());
        object.put("reason", t.reason());
        return object;
    }
}
