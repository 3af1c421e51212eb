package io.vigil.server.featurestore;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.windows.Durations;
import io.vigil.engine.windows.SpecProblem;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.assets.MetricPoints;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.Dataset;
import io.vigil.server.datasets.DatasetService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Named, versioned feature definitions ({@code /ml/features}): each save is checked (the spec's
 * own rules, and that its source has the columns it reads, numeric where numbers are needed) and
 * stored as the next version; a version never changes.
 */
public final class FeatureDefinitions {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final long DEFAULT_STALE_SECONDS = 3600;

    private final FeatureDefinitionRepository repository;
    private final DatasetService datasets;
    private final Clock clock;

    FeatureDefinitions(FeatureDefinitionRepository repository, DatasetService datasets, Clock clock) {
        this.repository = repository;
        this.datasets = datasets;
        this.clock = clock;
    }

    public FeatureDefinition create(FeatureRequest r, Caller by) {
        FieldErrors errors = new FieldErrors();
        if (r == null) throw VigilException.invalid("body", "a feature definition is required");
        if (errors.required("name", r.name(), "a name is required") && !NAME.matcher(r.name()).matches()) {
            errors.add("name", "a name is 1 to 128 letters, digits and . _ -, starting with a letter or digit");
        }
        errors.text("description", r.description(), 2000);
        WindowSpec spec = r.spec();
        errors.required("spec", spec, "the window features are required: keys, time and features");
        errors.required("source", r.source(), "the source is required: {\"kind\": \"dataset\", \"datasetId\": ...}, {\"kind\": \"assets\"}"
                + " or {\"kind\": \"stream\"}");
        if (spec != null && r.source() != null) {
            List<SpecProblem> problems = problems(r.source(), spec, errors);
            problems.forEach(p -> errors.add("spec." + p.field(), p.message()));
        }
        long stale = DEFAULT_STALE_SECONDS;
        if (r.staleAfter() != null) {
            double s = Durations.seconds(r.staleAfter());
            if (Double.isNaN(s)) errors.add("staleAfter", "must be a duration such as 30m or 2h");
            else stale = Math.max(1, Math.round(s));
        } else if (spec != null && errors.isEmpty() && spec.longestWindowSeconds() > 0) {
            stale = Math.max(1, Math.round(spec.longestWindowSeconds()));
        }
        Map<String, FeatureDefinition.Range> ranges = r.ranges() == null ? Map.of() : new LinkedHashMap<>(r.ranges());
        if (spec != null && errors.isEmpty()) {
            List<String> names = spec.outputNames();
            ranges.forEach((feature, range) -> {
                if (!names.contains(feature)) errors.add("ranges." + feature, "not a feature of the spec; its features are " + names);
                else if (range == null || range.min() != null && range.max() != null && range.min() > range.max()) {
                    errors.add("ranges." + feature, "min must not be above max");
                }
            });
        }
        errors.throwIfAny();
        FeatureDefinition d = new FeatureDefinition(r.name(), 0, r.description(), r.source(), spec, spec.outputNames(), ranges, stale,
                by.name(), clock.instant(), null);
        int version = repository.insertNext(d);
        return get(r.name(), version);
    }

    /** What is wrong with {@code spec} for its source's columns; the source's own errors go to {@code errors}. */
    private List<SpecProblem> problems(FeatureSource source, WindowSpec spec, FieldErrors errors) {
        String kind = source.kind();
        if (FeatureSource.DATASET.equals(kind)) {
            if (!errors.required("source.datasetId", source.datasetId(), "the dataset of events is required")) return spec.problems();
            Dataset d;
            try {
                d = datasets.get(source.datasetId());
            } catch (VigilException e) {
                errors.add("source.datasetId", "no dataset with id " + source.datasetId());
                return spec.problems();
            }
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            d.schema().forEach(c -> columns.put(c.name(), c.type()));
            return spec.problems(columns);
        }
        if (FeatureSource.ASSETS.equals(kind)) {
            if (spec.keys() == null || !spec.keys().equals(List.of(AssetEvents.KEY)) || !AssetEvents.TIME.equals(spec.time())) {
                errors.add("spec.keys", "asset metrics are keyed by " + AssetEvents.KEY + " and timed by " + AssetEvents.TIME
                        + ": give \"keys\": [\"" + AssetEvents.KEY + "\"], \"time\": \"" + AssetEvents.TIME + "\"");
            }
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            columns.put(AssetEvents.KEY, ColumnType.CATEGORICAL);
            columns.put(AssetEvents.TIME, ColumnType.TIMESTAMP);
            List<String> metrics = source.metrics() != null ? source.metrics() : spec.features() == null ? List.of() : spec.valueColumns();
            for (String m : metrics) {
                if (!MetricPoints.validName(m)) errors.add("source.metrics", "'" + m + "' is not a metric name");
                else columns.put(m, ColumnType.NUMERIC);
            }
            return spec.problems(columns);
        }
        if (FeatureSource.STREAM.equals(kind)) {
            return spec.problems();
        }
        errors.add("source.kind", "must be dataset, assets or stream");
        return spec.problems();
    }

    public FeatureDefinition get(String name, Integer version) {
        return repository.find(name, version).orElseThrow(() -> VigilException.notFound(version == null
                ? "no feature definition named '" + name + "'" : "feature definition '" + name + "' has no version " + version));
    }

    public List<FeatureDefinition> latest() {
        return repository.latest();
    }

    public List<Integer> versions(String name) {
        get(name, null);
        return repository.versions(name);
    }

    void delete(String name) {
        if (repository.delete(name) == 0) throw VigilException.notFound("no feature definition named '" + name + "'");
    }

    void setBaselines(FeatureDefinition d, byte[] baselines) {
        repository.setBaselines(d.name(), d.version(), baselines);
    }
}
