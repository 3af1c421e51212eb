package io.vigil.server.incidents;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEventFilter;
import io.vigil.server.securityevents.SecurityEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents as analysts work them: listed, read with their activity, triaged (status, assignee)
 * and annotated. Every change is a row of the incident's activity with who made it (the HTTP
 * audit trail records the request too), and is published as {@code incident.changed}. Marking an
 * incident a false positive labels its verdicts as normal through {@link FalsePositives}.
 */
public final class Incidents {
    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    public static final String EVENT_TYPE = "incident.changed";
    /** The events an incident's page shows at most; the rest are a filter of {@code GET /ml/events} away. */
    static final int EVENTS_SHOWN = 200;

    private final Jdbi jdbi;
    private final SecurityEvents events;
    private final EventBus bus;
    private final Clock clock;
    private volatile FalsePositives falsePositives = FalsePositives.NONE;
    private volatile java.util.function.BiConsumer<UUID, List<String>> noted = (id, notes) -> {};

    public Incidents(Jdbi jdbi, SecurityEvents events, EventBus bus, Clock clock) {
        this.jdbi = jdbi;
        this.events = events;
        this.bus = bus;
        this.clock = clock;
    }

    /** Where false positives send their labels (monitoring's feedback, plugged in by the wiring). */
    public void labelFalsePositivesWith(FalsePositives labels) {
        this.falsePositives = labels;
    }

    /** Told of an incident's notes, all of them, each time one is added (the search index writes them into its events' text). */
    public void onNotes(java.util.function.BiConsumer<UUID, List<String>> listener) {
        this.noted = listener;
    }

    /** An incident's notes, oldest first (those of its triage changes too). */
    public List<String> notes(UUID id) {
        return jdbi.withHandle(h -> IncidentRepository.activity(h, id)).stream().map(IncidentActivity::note)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** An incident with what happened to it and its events (the latest {@link #EVENTS_SHOWN}). */
    public record IncidentView(Incident incident, List<IncidentActivity> activity, List<SecurityEvent> events, Integer labelled) {}

    public Page<Incident> list(IncidentFilter filter, int page, int size) {
        return jdbi.withHandle(h -> Page.of(IncidentRepository.list(h, filter, (page - 1) * size, size), page, size,
                IncidentRepository.count(h, filter)));
    }

    public Incident incident(UUID id) {
        return jdbi.withHandle(h -> IncidentRepository.find(h, id, false)).orElseThrow(() -> notFound(id));
    }

    /** Incidents by id (those that exist). */
    public List<Incident> byIds(List<UUID> ids) {
        return jdbi.withHandle(h -> IncidentRepository.byIds(h, ids));
    }

    public IncidentView get(UUID id) {
        Incident i = incident(id);
        return new IncidentView(i, jdbi.withHandle(h -> IncidentRepository.activity(h, id)), eventsOf(id, EVENTS_SHOWN), null);
    }

    /** The latest {@code limit} events of an incident. */
    public List<SecurityEvent> eventsOf(UUID id, int limit) {
        return events.list(SecurityEventFilter.ofIncident(id), 1, limit).items();
    }

    /** Sets the status and/or assignee; a note says why. A status or assignee it already has is no change. */
    public IncidentView update(UUID id, IncidentUpdate u, Caller by) {
        u.check();
        Instant now = clock.instant();
        Incident[] before = new Incident[1];
        Incident after = jdbi.inTransaction(h -> {
            Incident i = IncidentRepository.find(h, id, true).orElseThrow(() -> notFound(id));
            before[0] = i;
            String status = u.status() == null ? i.status() : u.status();
            String assignee = u.assignee() == null ? i.assignee() : u.assignee().isEmpty() ? null : u.assignee();
            boolean closes = status.equals("resolved") || status.equals("false_positive");
            Instant closed = !closes ? null : i.status().equals(status) ? i.closedAt() : now;
            Incident changed = new Incident(i.id(), i.title(), status, i.severity(), i.entityKind(), i.entity(), i.firstSeenAt(),
                    i.lastSeenAt(), i.eventCount(), i.maxScore(), i.modelTypes(), assignee, i.createdAt(), now, closed);
            if (!status.equals(i.status())) {
                IncidentRepository.addActivity(h, id, new IncidentActivity(now, by.name(), "status", i.status(), status, u.note()));
            }
            if (!Objects.equals(assignee, i.assignee())) {
                IncidentRepository.addActivity(h, id, new IncidentActivity(now, by.name(), "assignee", i.assignee(), assignee,
                        u.status() == null || status.equals(i.status()) ? u.note() : null));
            }
            if (!changed.equals(withTime(i, now))) {
                IncidentRepository.updateTriage(h, changed);
            }
            return changed;
        });
        Integer labelled = null;
        if (after.status().equals("false_positive") && !before[0].status().equals("false_positive")) {
            labelled = falsePositives.label(events.list(SecurityEventFilter.ofIncident(id), 1, 10_000).items(), by);
        }
        log.atInfo().addKeyValue("incident", id).addKeyValue("status", after.status()).addKeyValue("assignee", after.assignee())
                .addKeyValue("by", by.name()).log("incident triaged");
        publish(after, "changed");
        return new IncidentView(after, jdbi.withHandle(h -> IncidentRepository.activity(h, id)), eventsOf(id, EVENTS_SHOWN), labelled);
    }

    /** Adds an analyst's note. */
    public IncidentActivity note(UUID id, String text, Caller by) {
        io.vigil.server.core.FieldErrors errors = new io.vigil.server.core.FieldErrors();
        IncidentUpdate.checkNote(errors, "text", text, true);
        errors.throwIfAny();
        IncidentActivity note = new IncidentActivity(clock.instant(), by.name(), "note", null, null, text);
        Incident i = jdbi.inTransaction(h -> {
            Incident found = IncidentRepository.find(h, id, true).orElseThrow(() -> notFound(id));
            IncidentRepository.addActivity(h, id, note);
            return found;
        });
        publish(i, "noted");
        noted.accept(id, notes(id));
        return note;
    }

    private static Incident withTime(Incident i, Instant now) {
        return new Incident(i.id(), i.title(), i.status(), i.severity(), i.entityKind(), i.entity(), i.firstSeenAt(), i.lastSeenAt(),
                i.eventCount(), i.maxScore(), i.modelTypes(), i.assignee(), i.createdAt(), now, i.closedAt());
    }

    private void publish(Incident i, String state) {
        bus.publish(new Event(EVENT_TYPE, null, null, state, null, i, clock.instant()));
    }

    private static VigilException notFound(UUID id) {
        return VigilException.notFound("no incident " + id);
    }
}
