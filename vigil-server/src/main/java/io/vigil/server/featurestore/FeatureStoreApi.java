package io.vigil.server.featurestore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import java.util.List;
import java.util.Map;

/** HTTP handlers of {@code /ml/features}: definitions, materialisation, live events and entities' values. */
public final class FeatureStoreApi {
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {};
    private static final int MAX_EVENTS = 10_000;

    private final FeatureDefinitions definitions;
    private final Materialisation materialisation;
    private final OnlineFeatures online;

    FeatureStoreApi(FeatureDefinitions definitions, Materialisation materialisation, OnlineFeatures online) {
        this.definitions = definitions;
        this.materialisation = materialisation;
        this.online = online;
    }

    /** {@code POST /ml/features}: a new definition, or the next version of one (201). */
    public void create(Context ctx) {
        FeatureDefinition d = definitions.create(Bodies.json(ctx, FeatureRequest.class), Callers.of(ctx));
        online.forget(d.name());
        ctx.status(201).header("Location", "/ml/features/" + d.name()).json(d);
    }

    public void list(Context ctx) {
        ctx.json(Map.of("items", definitions.latest()));
    }

    /** {@code GET /ml/features/{name}[?version=]}: a version (the latest by default) and the versions there are. */
    public void get(Context ctx) {
        String name = ctx.pathParam("name");
        Integer version = version(ctx);
        FeatureDefinition d = definitions.get(name, version);
        ctx.json(Map.of("definition", d, "versions", definitions.versions(name)));
    }

    public void delete(Context ctx) {
        String name = ctx.pathParam("name");
        definitions.delete(name);
        online.forget(name);
        ctx.status(204);
    }

    /** {@code POST /ml/features/{name}/materialise}: {@code {"version", "hours", "datasetName"}}, all optional (201). */
    public void materialise(Context ctx) {
        Materialisation.Result r = materialisation.materialise(ctx.pathParam("name"),
                Bodies.json(ctx, Materialisation.Request.class, new Materialisation.Request(null, null, null)));
        online.forget(r.name()); // baselines fitted here change the online values' features
        ctx.status(201).header("Location", "/ml/datasets/" + r.dataset().id()).json(r);
    }

    /** {@code POST /ml/features/{name}/events}: raw events (a list, or {@code {"events": [...]}}) into the online values. */
    public void events(Context ctx) {
        JsonNode body = Bodies.json(ctx, JsonNode.class);
        JsonNode items = body.isArray() ? body : body.get("events");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw VigilException.invalid("events", "a non-empty list of events is required");
        }
        if (items.size() > MAX_EVENTS) {
            throw VigilException.invalid("events", "at most " + MAX_EVENTS + " events in one request");
        }
        List<Map<String, Object>> records = new java.util.ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isObject()) throw VigilException.invalid("events[" + i + "]", "must be an object");
            records.add(Json.MAPPER.convertValue(items.get(i), RECORD));
        }
        ctx.json(Map.of("accepted", online.ingest(ctx.pathParam("name"), records)));
    }

    /** {@code GET /ml/features/{name}/entities/{key}}: the entity's latest values (several key parts joined by commas). */
    public void entity(Context ctx) {
        ctx.json(online.entity(ctx.pathParam("name"), ctx.pathParam("key")));
    }

    private static Integer version(Context ctx) {
        String v = ctx.queryParam("version");
        if (v == null) return null;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // named below
        }
        throw VigilException.invalid("version", "must be a version number (1 or more)");
    }
}
