package io.vigil.server.securityevents;

import io.javalin.http.Context;
import io.vigil.server.http.Params;
import java.time.Instant;
import java.util.Set;

/** HTTP handlers of {@code GET /ml/events} and {@code GET /ml/events/{id}}. */
public final class SecurityEventsApi {
    private final SecurityEvents events;

    public SecurityEventsApi(SecurityEvents events) {
        this.events = events;
    }

    /**
     * Filters {@code kind}, {@code severity}, {@code assetId}, {@code state} ({@code open} or
     * {@code ended}), {@code since}/{@code until} (going on at some time in between); the latest started first.
     */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        String kind = p.oneOf("kind", null, Set.of("anomaly"));
        String severity = p.oneOf("severity", null, Set.of("info", "warning", "critical"));
        String state = p.oneOf("state", null, Set.of("open", "ended"));
        String asset = ctx.queryParam("assetId");
        if (asset != null && !io.vigil.server.assets.MetricPoints.validAssetId(asset)) {
            p.add("assetId", "not an asset id");
        }
        Instant since = p.instant("since");
        Instant until = p.instant("until");
        if (since != null && until != null && !since.isBefore(until)) {
            p.add("until", "must be after 'since'");
        }
        p.throwIfInvalid();
        ctx.json(events.list(new SecurityEventFilter(kind, severity, asset, state == null ? null : state.equals("open"), since, until),
                page, size));
    }

    public void get(Context ctx) {
        ctx.json(events.get(Params.pathId(ctx, "security event")));
    }
}
