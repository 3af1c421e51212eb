package io.vigil.server.assets;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Assets and their metrics: points stored as sent ({@link #ingest}), read back with summary
 * statistics ({@link #metrics}), assets listed with their latest values and anomaly state.
 */
public final class Assets {
    /** The most points {@link #metrics} returns; the summaries always cover the whole range. */
    public static final int MAX_POINTS_RETURNED = 50_000;
    public static final int MAX_HOURS = 24 * 3650;

    private final AssetMetricsRepository metrics;
    private final AssetRepository assets;
    private final AssetSettings settings;
    private final Clock clock;
    private final List<AssetListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Assets(AssetMetricsRepository metrics, AssetRepository assets, AssetSettings settings, Clock clock) {
        this.metrics = metrics;
        this.assets = assets;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code listener} is told of every batch stored from now on. */
    public void addListener(AssetListener listener) {
        listeners.add(listener);
    }

    public AssetSettings settings() {
        return settings;
    }

    public AssetMetricsRepository metricsRepository() {
        return metrics;
    }

    /** What {@link #ingest} answers. */
    public record Ingested(String assetId, int accepted, int metrics, Instant from, Instant to) {}

    /** Stores an asset's points (checked already); the asset is made on its first points. */
    public Ingested ingest(String assetId, List<MetricPoint> points) {
        FieldErrors errors = new FieldErrors();
        MetricPoints.checkAssetId("assetId", assetId, errors);
        errors.throwIfAny();
        if (points.isEmpty()) {
            throw VigilException.invalid("points", "must hold at least one point");
        }
        metrics.insert(assetId, points);
        assets.heard(assetId, points);
        listeners.forEach(l -> l.received(assetId, points));
        Instant from = points.stream().map(MetricPoint::at).min(Instant::compareTo).orElseThrow();
        Instant to = points.stream().map(MetricPoint::at).max(Instant::compareTo).orElseThrow();
        return new Ingested(assetId, points.size(), (int) points.stream().map(MetricPoint::metric).distinct().count(), from, to);
    }

    /** One metric's points and summary in {@link #metrics}' answer. */
    public record MetricSeries(String metric, MetricSummary summary, List<Point> points) {}

    /** A point of a series. */
    public record Point(Instant timestamp, double value) {}

    /** {@code GET /ml/assets/{id}/metrics}' answer. */
    public record AssetMetrics(String assetId, Instant from, Instant to, boolean truncated, List<MetricSeries> metrics) {}

    /** The asset's points of the last {@code hours} (one metric, or all), with each metric's summary statistics. */
    public AssetMetrics metrics(String assetId, double hours, String metric) {
        get(assetId);
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofSeconds((long) (hours * 3600)));
        Instant until = to.plusSeconds(366L * 24 * 3600); // points sent with a time ahead of this clock are shown too
        Map<String, MetricSummary> summaries = metrics.summaries(assetId, metric, from, until);
        List<MetricPoint> points = metrics.points(assetId, metric, from, until, MAX_POINTS_RETURNED + 1);
        boolean truncated = points.size() > MAX_POINTS_RETURNED;
        Map<String, List<Point>> byMetric = new LinkedHashMap<>();
        for (MetricPoint p : truncated ? points.subList(0, MAX_POINTS_RETURNED) : points) {
            byMetric.computeIfAbsent(p.metric(), m -> new ArrayList<>()).add(new Point(p.at(), p.value()));
        }
        List<MetricSeries> series = new ArrayList<>();
        summaries.forEach((name, summary) -> series.add(new MetricSeries(name, summary, byMetric.getOrDefault(name, List.of()))));
        return new AssetMetrics(assetId, from, to, truncated, series);
    }

    public Asset get(String assetId) {
        return assets.find(assetId).orElseThrow(() -> VigilException.notFound("no asset '" + assetId + "' has sent metrics"));
    }

    public java.util.Optional<Asset> find(String assetId) {
        return assets.find(assetId);
    }

    public Page<Asset> list(boolean anomalousOnly, int page, int size) {
        return Page.of(assets.list(anomalousOnly, (page - 1) * size, size), page, size, assets.count(anomalousOnly));
    }

    /** The body of {@code PUT /ml/assets/{id}}: the asset's own anomaly threshold, or null for the default. */
    public record Change(Double threshold) {}

    public Asset change(String assetId, Change change) {
        Double t = change == null ? null : change.threshold();
        if (t != null && !(t > 0 && t < 1)) {
            throw VigilException.invalid("threshold", "must be between 0 and 1 (exclusive), or null for the default "
                    + settings.anomalyThreshold());
        }
        if (!assets.setThreshold(assetId, t)) {
            get(assetId);
        }
        return get(assetId);
    }

    /** The asset's anomaly threshold: its own, else the default. */
    public double threshold(String assetId) {
        return assets.find(assetId).map(Asset::threshold).orElse(settings.anomalyThreshold());
    }

    /** Records the detector trained for an asset. */
    public void useModel(String assetId, UUID modelId) {
        assets.setModel(assetId, modelId);
    }

    /** Records the asset's latest scored point. */
    public void scored(String assetId, Instant at, double score, String method, boolean anomalous) {
        assets.scored(assetId, at, score, method, anomalous);
    }
}
