package io.vigil.server.incidents;

import io.vigil.server.core.Uuids;
import io.vigil.server.securityevents.EventGrouping;
import io.vigil.server.securityevents.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Groups events into incidents, in the transaction that stores them. An event joins its entity's
 * active (open or acknowledged) incident whose span, widened by the grouping window on both sides,
 * holds the event's time; otherwise it starts a new incident. So a long attack whose events never
 * pause longer than the window is one incident however long it lasts, and the same events grouped
 * in time order always give the same incidents. A per-entity advisory lock makes instances storing
 * events of one entity at once take turns. A closed incident (resolved, false positive) takes no
 * more events: what comes later is a new incident. Two incidents are never merged when a late
 * event falls between them.
 */
public final class IncidentGrouping implements EventGrouping {
    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    private final Clock clock;
    private final Supplier<Duration> window;

    /** @param window the grouping window, read at each event (it may change at run time) */
    public IncidentGrouping(Clock clock, Supplier<Duration> window) {
        this.clock = clock;
        this.window = window;
    }

    @Override
    public UUID group(Handle h, SecurityEvent e) {
        EntityKey key = EntityKey.of(e);
        if (key == null) {
            return null;
        }
        IncidentRepository.lockEntity(h, key);
        Instant now = clock.instant();
        Incident joined = IncidentRepository.joinable(h, key, e.startedAt(), window.get()).orElse(null);
        if (joined != null) {
            IncidentRepository.updateSpan(h, widened(joined, e, 1, now));
            return joined.id();
        }
        Incident created = new Incident(Uuids.timeOrdered(now), title(key, e), "open", e.severity(), key.kind(), key.value(),
                e.startedAt(), e.lastSeenAt(), 1, e.score(), e.modelType() == null ? List.of() : List.of(e.modelType()), null, now, now, null);
        IncidentRepository.insert(h, created);
        IncidentRepository.addActivity(h, created.id(), new IncidentActivity(now, "vigil", "created", null, "open",
                "grouped from " + e.kind() + " event " + e.id()));
        return created.id();
    }

    @Override
    public void grew(Handle h, SecurityEvent e) {
        if (e.incident() == null) {
            return;
        }
        IncidentRepository.find(h, e.incident(), true).ifPresent(i -> IncidentRepository.updateSpan(h, widened(i, e, 0, clock.instant())));
    }

    /** {@code i} with {@code e} in it ({@code added}: 1 for a new event, 0 for one it holds that changed). */
    private static Incident widened(Incident i, SecurityEvent e, int added, Instant now) {
        List<String> types = new ArrayList<>(i.modelTypes());
        if (e.modelType() != null && !types.contains(e.modelType())) {
            types.add(e.modelType());
        }
        String severity = SEVERITIES.indexOf(e.severity()) > SEVERITIES.indexOf(i.severity()) ? e.severity() : i.severity();
        Instant first = e.startedAt().isBefore(i.firstSeenAt()) ? e.startedAt() : i.firstSeenAt();
        Instant last = e.lastSeenAt().isAfter(i.lastSeenAt()) ? e.lastSeenAt() : i.lastSeenAt();
        return new Incident(i.id(), i.title(), i.status(), severity, i.entityKind(), i.entity(), first, last, i.eventCount() + added,
                Math.max(i.maxScore(), e.score()), types, i.assignee(), i.createdAt(), now, i.closedAt());
    }

    private static String title(EntityKey key, SecurityEvent e) {
        String what = switch (e.kind()) {
            case "anomaly" -> "Anomalies";
            case "rule" -> "Rule hits";
            case "alert" -> "Alerts";
            case "external" -> "Detections";
            default -> e.verdict() != null && e.verdict().label() != null ? "'" + e.verdict().label() + "' verdicts" : "Threat verdicts";
        };
        return what + " " + key.words() + (e.modelType() == null ? "" : " (" + e.modelType() + ")");
    }
}
