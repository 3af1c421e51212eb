package io.vigil.server.securityevents;

import io.vigil.server.core.Page;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security events: stored in PostgreSQL, listed at {@code GET /ml/events}, and published on the
 * live stream ({@code security.event}, state {@code open}, {@code escalated} or {@code ended}).
 * Anomalies are de-duplicated into one event per run: an anomalous point within {@code gap} of the
 * asset's open event extends it, a later one ends it and opens the next; a normal point more than
 * {@code gap} after the event's last anomaly ends it. Each sighting is one transaction holding the
 * open event's row lock, and a partial unique index keeps one open event per asset, so instances
 * scoring the same asset never make two.
 */
public final class SecurityEvents {
    private static final Logger log = LoggerFactory.getLogger(SecurityEvents.class);
    public static final String EVENT_TYPE = "security.event";
    /** A score at or above this is critical; below it, an anomaly is a warning. */
    static final double CRITICAL = 0.9;

    private final Jdbi jdbi;
    private final EventBus bus;
    private final Clock clock;
    private final Duration gap;
    private final List<SecurityEventListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile EventGrouping grouping = EventGrouping.NONE;

    public SecurityEvents(Jdbi jdbi, EventBus bus, Clock clock, Duration gap) {
        this.jdbi = jdbi;
        this.bus = bus;
        this.clock = clock;
        this.gap = gap;
    }

    /**
     * Records the scored points of one asset, in time order, in one transaction; answers the
     * events opened, extended or ended (each once, as it stands at the end).
     */
    public List<SecurityEvent> anomalies(String assetId, List<AnomalySighting> sightings) {
        for (int attempt = 0; ; attempt++) {
            List<Change> changes = new ArrayList<>();
            Map<UUID, SecurityEvent> touched;
            try {
                touched = jdbi.inTransaction(h -> sight(h, assetId, sightings, changes));
            } catch (OpenedElsewhere e) {
                if (attempt == 3) {
                    throw new IllegalStateException("the open anomaly event of asset " + assetId + " kept changing");
                }
                continue;
            }
            changes.forEach(c -> {
                publish(c);
                listeners.forEach(l -> l.changed(c.state(), List.of(c.event())));
            });
            return List.copyOf(touched.values());
        }
    }

    /**
     * Stores new events of one sighting each (verdicts, rule hits, alerts, external detections) in
     * one transaction, each grouped into its incident; then appends them to the listeners (the event
     * log, the search index) and publishes them. Answers them as stored, with their incidents.
     */
    public List<SecurityEvent> record(List<SecurityEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<SecurityEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparing(SecurityEvent::startedAt)); // grouped in time order: the same incidents every time
        List<SecurityEvent> stored = jdbi.inTransaction(h -> {
            List<SecurityEvent> grouped = new ArrayList<>(sorted.size());
            for (SecurityEvent e : sorted) {
                grouped.add(e.inIncident(grouping.group(h, e)));
            }
            SecurityEventRepository.insertAll(h, grouped);
            return grouped;
        });
        listeners.forEach(l -> l.changed("open", stored));
        for (SecurityEvent e : stored) {
            publish(new Change("open", e));
        }
        return stored;
    }

    /** Groups stored events into incidents ({@link EventGrouping#NONE} until incidents are wired). */
    public void groupWith(EventGrouping grouping) {
        this.grouping = grouping;
    }

    /** Tells {@code listener} of every event stored or changed from now on, after its transaction committed. */
    public void listen(SecurityEventListener listener) {
        listeners.add(listener);
    }

    /** Events by id (those that exist), in the order asked. */
    public List<SecurityEvent> byIds(List<UUID> ids) {
        Map<UUID, SecurityEvent> found = new java.util.HashMap<>();
        jdbi.withHandle(h -> SecurityEventRepository.byIds(h, ids)).forEach(e -> found.put(e.id(), e));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Every stored event, oldest first (rebuilding an index). */
    public void forEach(java.util.function.Consumer<SecurityEvent> each) {
        jdbi.useHandle(h -> SecurityEventRepository.forEach(h, each));
    }

    /** Counts of the filtered events by kind, severity, model type and divergence: what the events page sums up. */
    public Map<String, Map<String, Long>> counts(SecurityEventFilter filter) {
        return jdbi.withHandle(h -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            out.put("kind", SecurityEventRepository.countBy(h, filter, "kind"));
            out.put("severity", SecurityEventRepository.countBy(h, filter, "severity"));
            out.put("modelType", SecurityEventRepository.countBy(h, filter, "model_type"));
            out.put("divergence", SecurityEventRepository.countBy(h, filter, "divergence"));
            return out;
        });
    }

    /** Another instance opened the asset's anomaly event meanwhile: try again. */
    private static final class OpenedElsewhere extends RuntimeException {
        OpenedElsewhere() {
            super(null, null, false, false);
        }
    }

    /** The sightings in {@code h}'s transaction; {@link OpenedElsewhere} when another instance opened an event meanwhile. */
    private Map<UUID, SecurityEvent> sight(Handle h, String assetId, List<AnomalySighting> sightings, List<Change> changes) {
        Map<UUID, SecurityEvent> touched = new LinkedHashMap<>();
        SecurityEvent open = SecurityEventRepository.openAnomalyForUpdate(h, assetId).orElse(null);
        boolean stored = true; // whether "open" is as the database holds it
        String severityBefore = open == null ? null : open.severity();
        for (AnomalySighting s : sightings) {
            if (open != null && s.at().isAfter(open.lastSeenAt().plus(gap))) {
                SecurityEvent ended = end(open);
                SecurityEventRepository.update(h, ended); // the row exists: inserted before, or extended in memory since
                grouping.grew(h, ended);
                changes.add(new Change("ended", ended));
                touched.put(ended.id(), ended);
                open = null;
            }
            if (!s.anomalous()) {
                continue;
            }
            if (open == null) {
                open = opened(s);
                if (!SecurityEventRepository.insert(h, open)) {
                    throw new OpenedElsewhere(); // rolls back what this transaction did; the caller tries again
                }
                UUID incident = grouping.group(h, open);
                if (incident != null) {
                    SecurityEventRepository.setIncident(h, open.id(), incident);
                    open = open.inIncident(incident);
                }
                stored = true;
                severityBefore = open.severity();
                changes.add(new Change("open", open));
            } else {
                open = extend(open, s);
                stored = false;
            }
            touched.put(open.id(), open);
        }
        if (open != null && !stored) {
            SecurityEventRepository.update(h, open);
            grouping.grew(h, open);
            if (!open.severity().equals(severityBefore)) {
                changes.add(new Change("escalated", open));
            }
        }
        return touched;
    }

    private SecurityEvent opened(AnomalySighting s) {
        return new SecurityEvent(Uuids.timeOrdered(clock.instant()), "anomaly", severity(s.score()), title(s), s.assetId(), null, null, null,
                s.score(), s.method(), s.modelId(), s.version(), s.at(), s.at(), null, 1, details(s), clock.instant());
    }

    private static SecurityEvent extend(SecurityEvent e, AnomalySighting s) {
        boolean peak = s.score() > e.score();
        Instant last = s.at().isAfter(e.lastSeenAt()) ? s.at() : e.lastSeenAt();
        return new SecurityEvent(e.id(), e.kind(), peak ? severity(s.score()) : e.severity(), peak ? title(s) : e.title(), e.assetId(),
                e.sourceHost(), e.destinationHost(), e.userName(), Math.max(e.score(), s.score()), peak ? s.method() : e.method(),
                peak ? s.modelId() : e.modelId(), peak ? s.version() : e.version(), e.startedAt(), last, null, e.points() + 1,
                peak ? details(s) : e.details(), e.createdAt(), e.modelType(), e.verdict(), e.input(), e.source(), e.incident());
    }

    private static SecurityEvent end(SecurityEvent e) {
        return new SecurityEvent(e.id(), e.kind(), e.severity(), e.title(), e.assetId(), e.sourceHost(), e.destinationHost(), e.userName(),
                e.score(), e.method(), e.modelId(), e.version(), e.startedAt(), e.lastSeenAt(), e.lastSeenAt(), e.points(), e.details(),
                e.createdAt(), e.modelType(), e.verdict(), e.input(), e.source(), e.incident());
    }

    static String severity(double score) {
        return score >= CRITICAL ? "critical" : "warning";
    }

    private static String title(AnomalySighting s) {
        String driver = s.drivers().isEmpty() ? null : String.valueOf(s.drivers().get(0).get("name"));
        return "Anomaly on " + s.assetId() + (driver == null ? "" : ": " + driver);
    }

    private static Map<String, Object> details(AnomalySighting s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peakAt", s.at().toString());
        d.put("threshold", s.threshold());
        d.put("drivers", s.drivers());
        return d;
    }

    private void publish(Change c) {
        log.atInfo().addKeyValue("event", c.event().id()).addKeyValue("asset", c.event().assetId()).addKeyValue("state", c.state())
                .addKeyValue("score", c.event().score()).log("security event " + c.state());
        bus.publish(new Event(EVENT_TYPE, c.event().modelId(), null, c.state(), null, c.event(), clock.instant()));
    }

    public SecurityEvent get(UUID id) {
        return jdbi.withHandle(h -> SecurityEventRepository.find(h, id))
                .orElseThrow(() -> VigilException.notFound("no security event " + id));
    }

    public Page<SecurityEvent> list(SecurityEventFilter filter, int page, int size) {
        return jdbi.withHandle(h -> Page.of(SecurityEventRepository.list(h, filter, (page - 1) * size, size), page, size,
                SecurityEventRepository.count(h, filter)));
    }

    private record Change(String state, SecurityEvent event) {}
}
