package io.vigil.server.detections;

import io.vigil.server.core.Uuids;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventFilter;
import io.vigil.server.monitoring.alerts.Alert;
import io.vigil.server.monitoring.alerts.Alerts;
import io.vigil.server.securityevents.EventIntake;
import io.vigil.server.securityevents.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monitoring alerts as security events: each alert fired (a new one, not each occurrence) on this
 * instance becomes an {@code alert} event, through the live event bus. The bus drops events for a
 * subscriber that cannot keep up; alerts are few, and the alert itself stays in {@code /ml/alerts}.
 */
final class AlertEvents implements AutoCloseable {
    private final EventBus.Subscription subscription;

    AlertEvents(EventBus bus, EventIntake intake, Clock clock) {
        this.subscription = bus.subscribe(EventFilter.ALL, e -> {
            if (Alerts.FIRED.equals(e.type()) && e.data() instanceof Alert a) {
                intake.offer(event(a, e, clock.instant()));
            }
        });
    }

    private static SecurityEvent event(Alert a, Event e, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alertId", a.id().toString());
        details.put("rule", a.ruleName());
        details.put("ruleKind", a.kind().wire());
        details.putAll(a.details());
        double score = switch (a.severity().wire()) {
            case "critical" -> 1.0;
            case "warning" -> 0.7;
            default -> 0.3;
        };
        Instant at = a.firstSeen() == null ? e.at() : a.firstSeen();
        return new SecurityEvent(Uuids.timeOrdered(now), "alert", a.severity().wire(), a.summary(), null, null, null, null, score,
                "monitoring", a.modelId(), a.version(), at, at, at, 1, details, now, null, null, null, "vigil", null);
    }

    @Override
    public void close() {
        subscription.close();
    }
}
