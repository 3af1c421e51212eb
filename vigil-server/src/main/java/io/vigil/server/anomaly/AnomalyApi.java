package io.vigil.server.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.vigil.server.assets.AssetsApi;
import io.vigil.server.assets.MetricPoint;
import io.vigil.server.assets.MetricPoints;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Params;
import java.util.List;
import java.util.Locale;

/**
 * HTTP handlers of {@code /ml/anomaly}: detect and the stored scores. The same handlers answer the
 * infrastructure-monitoring service's paths under {@code /api/v1} with its field names
 * ({@code asset_id}, {@code metric_name}, {@code is_anomaly}...).
 */
public final class AnomalyApi {
    private final AnomalyDetection detection;
    private final AnomalyTraining training;
    private final int maxPoints;

    public AnomalyApi(AnomalyDetection detection, AnomalyTraining training, int maxPoints) {
        this.detection = detection;
        this.training = training;
        this.maxPoints = maxPoints;
    }

    /** {@code POST /ml/anomaly/train}: a detector's training job queued (202), as {@link AnomalyTraining} says. */
    public void train(Context ctx) {
        AnomalyTraining.Queued queued = training.train(Bodies.json(ctx, AnomalyTraining.Request.class), io.vigil.server.http.Callers.of(ctx));
        ctx.status(202).header("Location", "/ml/jobs/" + queued.job().id());
        ctx.json(queued);
    }

    /**
     * {@code POST /ml/anomaly/detect}: {@code {"assetId", "points": [...]}} (also {@code asset_id},
     * {@code metrics}), or {@code {"assetId", "hours": 1}} for the stored window; {@code "store": false}
     * scores without keeping the points; {@code "statistic": "mad" | "zscore" | "iqr"} for the fallback.
     */
    public void detect(Context ctx) {
        JsonNode body = Bodies.json(ctx, JsonNode.class);
        FieldErrors errors = new FieldErrors();
        if (!body.isObject()) {
            errors.add("body", "must be an object with assetId and points");
            errors.throwIfAny();
        }
        String assetId = text(body, "assetId", "asset_id");
        MetricPoints.checkAssetId("assetId", assetId, errors);
        JsonNode items = body.has("points") ? body.get("points") : body.get("metrics");
        List<MetricPoint> points = null;
        Double hours = null;
        if (items != null && !items.isNull()) {
            points = MetricPoints.read(items, body.has("points") ? "points" : "metrics", maxPoints, errors);
        } else if (body.hasNonNull("hours")) {
            JsonNode h = body.get("hours");
            if (!h.isNumber() || !(h.asDouble() > 0) || h.asDouble() > 24 * 366) {
                errors.add("hours", "must be a number of hours above 0 and at most " + 24 * 366);
            } else {
                hours = h.asDouble();
            }
        } else {
            errors.add("points", "give the points to score, or the hours of stored metrics to score");
        }
        boolean store = true;
        if (body.has("store") && !body.get("store").isNull()) {
            if (!body.get("store").isBoolean()) errors.add("store", "must be true or false");
            else store = body.get("store").asBoolean();
        }
        String statistic = null;
        String s = text(body, "statistic");
        if (s != null) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "mad" -> statistic = "mad";
                case "zscore", "z-score", "z_score" -> statistic = "zscore";
                case "iqr" -> statistic = "iqr";
                case "novelty" -> statistic = DetectRequest.NOVELTY;
                default -> errors.add("statistic", "must be mad, zscore, iqr or novelty");
            }
        }
        errors.throwIfAny();
        ctx.json(detection.detect(new DetectRequest(assetId, points, hours, store, statistic)));
    }

    /** {@code GET /ml/anomaly/scores/{assetId}?hours=&anomalies=true&limit=}: the stored scores, oldest first. */
    public void scores(Context ctx) {
        String assetId = AssetsApi.assetId(ctx);
        Params p = new Params(ctx);
        double hours = AssetsApi.hours(p, ctx);
        String anomalies = p.oneOf("anomalies", "false", java.util.Set.of("true", "false"));
        int limit = p.integer("limit", 10_000, 1, 100_000);
        p.throwIfInvalid();
        List<AnomalyScoreRepository.StoredScore> scores = detection.history(assetId, hours, "true".equals(anomalies), limit);
        ctx.json(new Scores(assetId, hours, scores.size(), scores));
    }

    /** {@code GET /ml/anomaly/scores/{assetId}}' answer. */
    record Scores(String assetId, double hours, int count, List<AnomalyScoreRepository.StoredScore> scores) {}

    private static String text(JsonNode body, String... names) {
        for (String name : names) {
            JsonNode v = body.get(name);
            if (v != null && !v.isNull()) return v.isTextual() ? v.asText() : v.toString();
        }
        return null;
    }
}
