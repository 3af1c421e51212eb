package io.vigil.server.featurestore;

import io.vigil.engine.table.Table;
import io.vigil.engine.windows.InvalidWindowSpecException;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.assets.AssetMetricsRepository;
import io.vigil.server.assets.MetricPoint;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Offline: a definition's features over its source's events, written as a new dataset (the events
 * with the feature columns appended), each row's features from the events of its key at or before
 * its time (the engine's {@link WindowFeatures#transform}). Seasonal baselines fitted here are kept
 * with the definition's version, for its online values.
 */
final class Materialisation {
    /** The most events one materialisation reads. */
    static final int MAX_EVENTS = 5_000_000;

    private final FeatureDefinitions definitions;
    private final DatasetService datasets;
    private final AssetMetricsRepository metrics;
    private final FeatureEventRepository events;
    private final Clock clock;

    Materialisation(FeatureDefinitions definitions, DatasetService datasets, AssetMetricsRepository metrics, FeatureEventRepository events,
                    Clock clock) {
        this.definitions = definitions;
        this.datasets = datasets;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /** The body of {@code POST /ml/features/{name}/materialise}; every field may be absent. */
    record Request(Integer version, Double hours, String datasetName) {}

    /** Its answer: the dataset made and what it holds. */
    record Result(String name, int version, Dataset dataset, int rows, List<String> features) {}

    Result materialise(String name, Request r) {
        Request request = r == null ? new Request(null, null, null) : r;
        FeatureDefinition d = definitions.get(name, request.version());
        double hours = request.hours() == null ? 24 * 7 : request.hours();
        if (!(hours > 0) || hours > 24 * 3660) throw VigilException.invalid("hours", "must be above 0 and at most 10 years of hours");
        Instant since = clock.instant().minus(Duration.ofSeconds((long) (hours * 3600)));
        Table source = switch (d.source().kind()) {
            case FeatureSource.DATASET -> datasets.loadTable(datasets.get(d.source().datasetId()), null, null);
            case FeatureSource.ASSETS -> {
                Map<String, List<MetricPoint>> byAsset = metrics.pointsSince(since, MAX_EVENTS);
                List<AssetEvents.Event> all = new ArrayList<>();
                byAsset.forEach((asset, points) -> all.addAll(AssetEvents.events(asset, points)));
                yield AssetEvents.table(all, d.source().metrics());
            }
            default -> {
                List<Map<String, Object>> records = new ArrayList<>();
                events.since(name, since, MAX_EVENTS).forEach(e -> records.add(e.event()));
                yield EventTables.of(records, d.spec());
            }
        };
        if (source.rowCount() == 0) {
            throw VigilException.unprocessable("feature definition '" + name + "' has no events to materialise"
                    + (FeatureSource.DATASET.equals(d.source().kind()) ? "" : " in the last " + hours + " hours"));
        }
        WindowFeatures fitted;
        try {
            fitted = WindowFeatures.fit(d.spec(), source);
        } catch (InvalidWindowSpecException e) {
            throw VigilException.unprocessable("the source no longer fits the definition: " + e.getMessage(),
                    e.problems().stream().map(p -> new FieldError("spec." + p.field(), p.message())).toList());
        }
        Table out = fitted.transform(source);
        if (!fitted.baselines().isEmpty()) {
            definitions.setBaselines(d, fitted.baselinesJson());
        }
        String datasetName = request.datasetName() != null ? request.datasetName() : name + "-v" + d.version() + "-features";
        Dataset dataset = datasets.storeTable(datasetName, "features of '" + name + "' version " + d.version() + " (" + d.features().size()
                + " window features)", out);
        return new Result(name, d.version(), dataset, out.rowCount(), d.features());
    }
}
