package io.vigil.server.securityevents;

import io.javalin.http.Context;
import io.vigil.server.assets.MetricPoints;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Params;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** HTTP handlers of {@code /ml/events}: list, one event, counts, and ingest from outside. */
public final class SecurityEventsApi {
    static final Set<String> KINDS = Set.of("anomaly", "prediction", "rule", "alert", "external");

    private final SecurityEvents events;
    private final Clock clock;

    public SecurityEventsApi(SecurityEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * Filters {@code kind}, {@code severity}, {@code assetId}, {@code state} ({@code open} or
     * {@code ended}), {@code since}/{@code until} (going on at some time in between), {@code modelType},
     * {@code divergent} (true or false), {@code rule} (a rule that fired), {@code entity} (a source or
     * destination host, asset or user), {@code incident}; the latest started first.
     */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        ctx.json(events.list(filter(p), page, size));
    }

    /** {@code GET /ml/events/counts}: the filtered events counted by kind, severity, model type and divergence. */
    public void counts(Context ctx) {
        ctx.json(events.counts(filter(new Params(ctx))));
    }

    /** The filter of a request's query, every bad parameter named. */
    static SecurityEventFilter filter(Params p) {
        String kind = p.oneOf("kind", null, KINDS);
        String severity = p.oneOf("severity", null, Set.of("info", "warning", "critical"));
        String state = p.oneOf("state", null, Set.of("open", "ended"));
        String divergent = p.oneOf("divergent", null, Set.of("true", "false"));
        String asset = p.text("assetId", Entities.MAX_LENGTH);
        if (asset != null && !MetricPoints.validAssetId(asset)) {
            p.add("assetId", "not an asset id");
        }
        String modelType = p.text("modelType", RequestLimits.MODEL_NAME_LENGTH);
        String rule = p.text("rule", RequestLimits.NAME_LENGTH);
        String entity = p.text("entity", Entities.MAX_LENGTH);
        java.util.UUID incident = p.uuid("incident");
        Instant since = p.instant("since");
        Instant until = p.instant("until");
        if (since != null && until != null && !since.isBefore(until)) {
            p.add("until", "must be after 'since'");
        }
        p.throwIfInvalid();
        return new SecurityEventFilter(kind, severity, asset, state == null ? null : state.equals("open"), since, until, modelType,
                divergent == null ? null : divergent.equals("true"), rule, entity, incident);
    }

    public void get(Context ctx) {
        ctx.json(events.get(Params.pathId(ctx, "security event")));
    }

    /** {@code POST /ml/events}: detections scored elsewhere, stored and grouped like Vigil's own; 201 with them. */
    public void ingest(Context ctx) {
        ExternalEvents body = Bodies.json(ctx, ExternalEvents.class);
        var stored = events.record(body.toEvents(clock));
        ctx.status(201).json(Map.of("stored", stored.size(), "events", stored));
    }
}
