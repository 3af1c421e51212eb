package io.vigil.server.anomaly;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowFeature;
import io.vigil.engine.windows.WindowKind;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.assets.Asset;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.assets.Assets;
import io.vigil.server.assets.MetricPoint;
import io.vigil.server.assets.MetricPoints;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.jobs.Job;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.models.ModelRequest;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.models.TrainRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /ml/anomaly/train}: an isolation forest over an asset's (or a group's) metric history
 * with per-asset window features, trained as a normal training job of a normal model (named
 * {@code asset-anomaly-<asset or group>}, made on the first request, its definition updated on the
 * next), so the detector is registered, validated, deployed and explained like any other. The
 * history becomes a dataset (one event per asset and time, a column per metric); the window
 * features ({@code mean} and {@code std} over each window, {@code diff} over each lag, per metric)
 * are the model's own, computed by the engine from the same raw events in training and in serving.
 */
public final class AnomalyTraining {
    static final List<String> DEFAULT_WINDOWS = List.of("15m", "1h");
    static final List<Integer> DEFAULT_LAGS = List.of(1);
    static final double DEFAULT_HOURS = 24 * 7;

    private final Assets assets;
    private final DatasetService datasets;
    private final ModelRegistry models;
    private final Clock clock;

    public AnomalyTraining(Assets assets, DatasetService datasets, ModelRegistry models, Clock clock) {
        this.assets = assets;
        this.datasets = datasets;
        this.models = models;
        this.clock = clock;
    }

    /**
     * The body: {@code assetId}, {@code assetIds} or {@code group} (the assets whose id starts with it);
     * {@code metrics} (all the assets sent by default), {@code hours} of history (a week),
     * {@code contamination} (0.1), {@code features}: {@code windows} (15m, 1h) and {@code lags} (1).
     */
    public record Request(@JsonAlias("asset_id") String assetId, @JsonAlias("asset_ids") List<String> assetIds, String group,
                          List<String> metrics, Double hours, Double contamination, Features features,
                          @JsonAlias("model_name") String modelName, Long seed) {}

    /** The window features asked for. */
    public record Features(List<String> windows, List<Integer> lags) {}

    /** The answer (202): the job, the model it trains, the dataset it trains on. */
    public record Queued(Job job, java.util.UUID modelId, String modelName, java.util.UUID datasetId, int rows, List<String> assets,
                         List<String> metrics, List<String> features) {}

    public Queued train(Request r, Caller by) {
        FieldErrors errors = new FieldErrors();
        if (r == null) throw VigilException.invalid("body", "say which asset to train for: assetId, assetIds or group");
        List<String> ids = assetIds(r, errors);
        double hours = r.hours() == null ? DEFAULT_HOURS : r.hours();
        if (!(hours > 0) || hours > 24 * 366) errors.add("hours", "must be above 0 and at most a year of hours");
        double contamination = r.contamination() == null ? 0.1 : r.contamination();
        if (!(contamination > 0) || contamination > 0.5) errors.add("contamination", "must be above 0 and at most 0.5");
        List<String> windows = r.features() == null || r.features().windows() == null ? DEFAULT_WINDOWS : r.features().windows();
        List<Integer> lags = r.features() == null || r.features().lags() == null ? DEFAULT_LAGS : r.features().lags();
        if (r.metrics() != null) {
            for (String m : r.metrics()) if (!MetricPoints.validName(m)) errors.add("metrics", "'" + m + "' is not a metric name");
        }
        errors.throwIfAny();

        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofSeconds((long) (hours * 3600)));
        List<AssetEvents.Event> events = new ArrayList<>();
        for (String id : ids) {
            List<MetricPoint> points = assets.metricsRepository().points(id, null, from, to.plusSeconds(1), 5_000_000);
            if (r.metrics() != null) points = points.stream().filter(p -> r.metrics().contains(p.metric())).toList();
            events.addAll(AssetEvents.events(id, points));
        }
        int minimum = assets.settings().minTrainingSamples();
        if (events.size() < minimum) {
            throw VigilException.unprocessable("only " + events.size() + " points (times with metrics) of " + ids + " in the last "
                    + hours + " hours; a detector needs at least " + minimum + " (assets.minTrainingSamples): send more metrics,"
                    + " or ask for more hours. Until then detection uses the statistical fallback.");
        }
        Table table = AssetEvents.table(events, r.metrics());
        List<String> metrics = AssetEvents.metricColumns(table);
        WindowSpec spec = spec(metrics, windows, lags);
        String key = r.group() != null ? r.group() : ids.size() == 1 ? ids.get(0) : String.join("+", ids);
        String name = r.modelName() != null ? r.modelName() : modelName(key);
        Dataset dataset = datasets.storeTable(name + "-history", "metrics of " + ids + " from " + from + " to " + to, table);
        RegisteredModel model = model(name, "asset-anomaly-" + key, contamination, spec, ids, by);
        Job job = models.training().submit(model.id(), new TrainRequest(dataset.id(), null, null, null, null, null, r.seed(), null), by);
        for (String id : ids) assets.useModel(id, model.id());
        return new Queued(job, model.id(), name, dataset.id(), table.rowCount(), ids, metrics, spec.outputNames());
    }

    private List<String> assetIds(Request r, FieldErrors errors) {
        Set<String> ids = new LinkedHashSet<>();
        if (r.assetId() != null) ids.add(r.assetId());
        if (r.assetIds() != null) ids.addAll(r.assetIds());
        if (r.group() != null) {
            if (!MetricPoints.validAssetId(r.group())) errors.add("group", "a group is the start of asset ids, such as web-");
            else for (Asset a : assets.list(false, 1, 10_000).items()) if (a.assetId().startsWith(r.group())) ids.add(a.assetId());
            if (ids.isEmpty() && errors.isEmpty()) errors.add("group", "no asset's id starts with '" + r.group() + "'");
        }
        if (ids.isEmpty()) {
            errors.add("assetId", "say which asset to train for: assetId, assetIds or group");
        }
        for (String id : ids) {
            if (!MetricPoints.validAssetId(id)) errors.add("assetIds", "'" + id + "' is not an asset id");
            else if (assets.find(id).isEmpty()) errors.add("assetIds", "no asset '" + id + "' has sent metrics");
        }
        errors.throwIfAny();
        return List.copyOf(ids);
    }

    static WindowSpec spec(List<String> metrics, List<String> windows, List<Integer> lags) {
        List<WindowFeature> features = new ArrayList<>();
        for (String m : metrics) {
            for (String w : windows) {
                features.add(WindowFeature.over(WindowKind.MEAN, m, w));
                features.add(WindowFeature.over(WindowKind.STD, m, w));
            }
            for (int lag : lags) features.add(WindowFeature.diff(m, lag));
        }
        return WindowSpec.of(List.of(AssetEvents.KEY), AssetEvents.TIME, features);
    }

    static String modelName(String key) {
        String cleaned = ("asset-anomaly-" + key).replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 120 ? cleaned.substring(0, 120) : cleaned;
    }

    /** The asset's detector model: made on the first training, its definition brought up to date on the next. */
    private RegisteredModel model(String name, String type, double contamination, WindowSpec spec, List<String> ids, Caller by) {
        Map<String, Object> params = Map.of("contamination", contamination);
        String description = "isolation forest over the metrics and window features of " + ids;
        RegisteredModel existing = models.definitions().list(null, null, name, 1, 50).items().stream()
                .map(l -> l.model()).filter(m -> m.modelName().equals(name)).findFirst().orElse(null);
        ModelRequest request = new ModelRequest(name, type, "isolation_forest", params, null, null, null, null, description,
                List.of("asset-anomaly"), false, null, spec);
        return existing == null ? models.definitions().create(request, by) : models.definitions().update(existing.id(), request);
    }
}
