package io.vigil.server.assets;

import io.javalin.http.Context;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Params;
import java.util.List;

/** HTTP handlers of {@code /ml/assets}: metrics in and out, the asset list, an asset's settings. */
public final class AssetsApi {
    private final Assets assets;

    public AssetsApi(Assets assets) {
        this.assets = assets;
    }

    /** {@code POST /ml/assets/{assetId}/metrics}: a list of points, or {@code {"metrics" | "points": [...]}}. */
    public void ingest(Context ctx) {
        String assetId = assetId(ctx);
        com.fasterxml.jackson.databind.JsonNode body = Bodies.json(ctx, com.fasterxml.jackson.databind.JsonNode.class);
        com.fasterxml.jackson.databind.JsonNode items = body.isArray() ? body : body.has("points") ? body.get("points") : body.get("metrics");
        FieldErrors errors = new FieldErrors();
        List<MetricPoint> points = MetricPoints.read(items, body.isArray() ? "body" : body.has("points") ? "points" : "metrics",
                assets.settings().maxPointsPerRequest(), errors);
        errors.throwIfAny();
        ctx.status(201);
        ctx.json(assets.ingest(assetId, points));
    }

    /** {@code GET /ml/assets/{assetId}/metrics?hours=&metric=}. */
    public void metrics(Context ctx) {
        String assetId = assetId(ctx);
        Params p = new Params(ctx);
        double hours = hours(p, ctx);
        String metric = ctx.queryParam("metric");
        if (metric != null && !MetricPoints.validName(metric)) {
            p.add("metric", "not a metric name");
        }
        p.throwIfInvalid();
        ctx.json(assets.metrics(assetId, hours, metric));
    }

    /** {@code GET /ml/assets?anomalous=true&page=&size=}. */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 100, 1, 1000);
        String anomalous = p.oneOf("anomalous", "false", java.util.Set.of("true", "false"));
        p.throwIfInvalid();
        ctx.json(assets.list("true".equals(anomalous), page, size));
    }

    public void get(Context ctx) {
        ctx.json(assets.get(assetId(ctx)));
    }

    /** {@code PUT /ml/assets/{assetId}}: {@code {"threshold": 0.8}}, or null for the default. */
    public void change(Context ctx) {
        String assetId = assetId(ctx);
        ctx.json(assets.change(assetId, Bodies.json(ctx, Assets.Change.class)));
    }

    /** The path's asset id, checked. */
    public static String assetId(Context ctx) {
        String id = ctx.pathParam("assetId");
        FieldErrors errors = new FieldErrors();
        MetricPoints.checkAssetId("assetId", id, errors);
        if (!errors.isEmpty()) {
            throw VigilException.invalid(errors.list());
        }
        return id;
    }

    /** {@code hours}: a positive number of hours, 24 by default. */
    public static double hours(Params p, Context ctx) {
        String text = ctx.queryParam("hours");
        if (text == null || text.isBlank()) return 24;
        try {
            double h = Double.parseDouble(text);
            if (h > 0 && h <= Assets.MAX_HOURS) return h;
        } catch (NumberFormatException e) {
            // named below
        }
        p.add("hours", "must be a number of hours above 0 and at most " + Assets.MAX_HOURS);
        return 24;
    }
}
