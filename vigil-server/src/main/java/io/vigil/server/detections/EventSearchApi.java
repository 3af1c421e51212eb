package io.vigil.server.detections;

import io.javalin.http.Context;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.eventsearch.EventSearch;
import io.vigil.server.eventsearch.ReadFilter;
import io.vigil.server.eventsearch.SearchAnswer;
import io.vigil.server.eventsearch.SearchFilters;
import io.vigil.server.eventsearch.SimilarEvent;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Params;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** HTTP handlers of {@code GET /ml/events/search} (in words) and {@code POST /ml/events/similar} (by likeness). */
public final class EventSearchApi {
    static final int DEFAULT_K = 10;

    private final EventSearch search;
    private final SecurityEvents events;

    EventSearchApi(EventSearch search, SecurityEvents events) {
        this.search = search;
        this.events = events;
    }

    /** One hit: how alike (cosine similarity, 1 the same; absent when the query held filter words only) and the event. */
    public record Hit(Double similarity, SecurityEvent event) {}

    public record SearchResult(String query, String embeddedText, List<ReadFilter> readFilters, SearchFilters filters, List<Hit> hits,
                               int pendingEmbeddings) {}

    public record SimilarResult(String modelType, List<Hit> hits) {}

    /**
     * The body of a similar-events request: a stored event ({@code eventId}), or a model type's raw
     * record ({@code modelType} and {@code features}, field name to value) or feature vector
     * ({@code modelType} and {@code vector}, raw values in the order of the type's numeric features);
     * {@code k} and the filters as in search.
     */
    public record SimilarRequest(UUID eventId, String modelType, Map<String, Object> features, double[] vector, Integer k,
                                 List<String> severity,
                                 Boolean divergent, String rule, Instant since, Instant until) {}

    public void search(Context ctx) {
        Params p = new Params(ctx);
        String q = ctx.queryParam("q");
        int k = p.integer("k", DEFAULT_K, 1, EventSearch.MAX_K);
        String severity = p.oneOf("severity", null, Set.of("info", "warning", "critical"));
        String divergent = p.oneOf("divergent", null, Set.of("true", "false"));
        String modelType = p.text("modelType", RequestLimits.MODEL_NAME_LENGTH);
        String rule = p.text("rule", RequestLimits.NAME_LENGTH);
        Instant since = p.instant("since");
        Instant until = p.instant("until");
        if (q == null || q.isBlank()) {
            p.add("q", "a query in words is required, e.g. q=botnet-like behaviour yesterday");
        }
        p.throwIfInvalid();
        SearchFilters filters = new SearchFilters(since, until, severity == null ? null : Set.of(severity), modelType,
                divergent == null ? null : divergent.equals("true"), rule, null);
        SearchAnswer a = search.search(q, filters, k);
        List<UUID> ids = a.hits().stream().map(h -> h.eventId()).toList();
        Map<UUID, Double> similarity = new HashMap<>();
        a.hits().forEach(h -> similarity.put(h.eventId(), h.similarity()));
        ctx.json(new SearchResult(a.query(), a.embeddedText(), a.readFilters(), a.filters(), hits(ids, similarity), a.pendingEmbeddings()));
    }

    public void similar(Context ctx) {
        SimilarRequest r = Bodies.json(ctx, SimilarRequest.class);
        FieldErrors errors = new FieldErrors();
        if ((r.eventId() == null) == (r.modelType() == null)) {
            errors.add("eventId", "give either eventId (a stored event) or modelType with features (a raw record)");
        }
        if (r.modelType() != null && (r.features() == null) == (r.vector() == null)) {
            errors.add("features", "with modelType, give features (field name to value) or vector (raw values), one of them");
        }
        if (r.eventId() != null && (r.features() != null || r.vector() != null)) {
            errors.add("features", "features and vector go with modelType, not with eventId");
        }
        errors.name("modelType", r.modelType(), RequestLimits.MODEL_NAME_LENGTH);
        errors.name("rule", r.rule(), RequestLimits.NAME_LENGTH);
        int k = r.k() == null ? DEFAULT_K : r.k();
        if (k < 1 || k > EventSearch.MAX_K) {
            errors.add("k", "must be from 1 to " + EventSearch.MAX_K);
        }
        if (r.severity() != null) {
            for (int i = 0; i < r.severity().size(); i++) {
                if (!Set.of("info", "warning", "critical").contains(r.severity().get(i))) {
                    errors.add("severity[" + i + "]", "must be info, warning or critical");
                }
            }
        }
        if (r.since() != null && r.until() != null && !r.since().isBefore(r.until())) {
            errors.add("until", "must be after 'since'");
        }
        errors.throwIfAny();
        SearchFilters filters = new SearchFilters(r.since(), r.until(), r.severity() == null ? null : Set.copyOf(r.severity()), null,
                r.divergent(), r.rule(), null);
        String modelType = r.modelType();
        List<SimilarEvent> near;
        if (r.eventId() != null) {
            SecurityEvent e = events.get(r.eventId()); // 404 for an id that names no event
            modelType = e.modelType();
            near = search.similar(r.eventId(), k, filters);
        } else if (r.features() != null) {
            near = search.similar(r.modelType(), r.features(), k, filters);
        } else {
            near = search.similar(r.modelType(), r.vector(), k, filters);
        }
        Map<UUID, Double> similarity = new HashMap<>();
        near.forEach(s -> similarity.put(s.eventId(), s.similarity()));
        ctx.json(new SimilarResult(modelType, hits(near.stream().map(SimilarEvent::eventId).toList(), similarity)));
    }

    /** The events of {@code ids}, in that order (one deleted meanwhile is left out). */
    private List<Hit> hits(List<UUID> ids, Map<UUID, Double> similarity) {
        List<Hit> out = new ArrayList<>(ids.size());
        for (SecurityEvent e : events.byIds(ids)) {
            out.add(new Hit(similarity.get(e.id()), e));
        }
        return out;
    }
}
