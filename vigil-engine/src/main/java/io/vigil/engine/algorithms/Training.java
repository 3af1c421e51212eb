package io.vigil.engine.algorithms;

import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.engine.windows.WindowSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One training run from a raw table to a {@link TrainedModel}: validates hyperparameters,
 * fits the pipeline, encodes, trains, records provenance.
 *
 * <pre>{@code
 * TrainedModel m = Training.of(table, Algorithms.trainer("gbm"))
 *         .pipeline(PipelineSpec.forTrees("label").withDrop("id"))
 *         .params(Map.of("rounds", 200, "max_depth", 6))
 *         .seed(42)
 *         .run();
 * }</pre>
 *
 * <p>With per-entity window features, the table is the events already transformed by them, and
 * the model keeps them (its bundle too), so serving computes the same features from raw events:
 * <pre>{@code
 * WindowFeatures windows = WindowFeatures.fit(spec, events);
 * TrainedModel m = Training.of(windows.transform(events), trainer).windows(windows).pipeline(...).run();
 * }</pre>
 */
public final class Training {
    private final Table table;
    private final Trainer trainer;
    private PipelineSpec spec;
    private Map<String, ?> params = Map.of();
    private TrainingContext context = TrainingContext.of(0);
    private WindowFeatures windows;

    private Training(Table table, Trainer trainer) {
        this.table = Objects.requireNonNull(table, "table");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    public static Training of(Table table, Trainer trainer) {
        return new Training(table, trainer);
    }

    public Training pipeline(PipelineSpec value) {
        this.spec = value;
        return this;
    }

    /**
     * The window features the table's rows carry (it is {@code windows.transform(events)}): the
     * model keeps them, and their key and time columns are no inputs unless the spec asks.
     */
    public Training windows(WindowFeatures value) {
        this.windows = value;
        return this;
    }

    /** {@code spec} leaving out what a model reading {@code windows} does not read: its key and time columns, unless asked. */
    public static PipelineSpec leavingOut(PipelineSpec spec, WindowSpec windows) {
        if (windows == null) return spec;
        LinkedHashSet<String> drop = new LinkedHashSet<>(spec.drop());
        for (String c : windows.notInputs()) {
            if (!c.equals(spec.target())) drop.add(c);
        }
        return spec.withDrop(drop.toArray(String[]::new));
    }

    public Training params(Map<String, ?> value) {
        this.params = Map.copyOf(value);
        return this;
    }

    public Training seed(long value) {
        this.context = context.withSeed(value);
        return this;
    }

    /** The clock the provenance's {@code createdAt} is read from (the system's by default). */
    public Training clock(Clock value) {
        this.context = context.withClock(Objects.requireNonNull(value, "clock"));
        return this;
    }

    public Training threads(int value) {
        this.context = context.withThreads(value);
        return this;
    }

    public Training listener(TrainingListener value) {
        this.context = context.withListener(value);
        return this;
    }

    public Training cancellation(CancellationToken value) {
        this.context = context.withCancellation(value);
        return this;
    }

    /** Class names that say "not an attack" in security datasets (compared ignoring case). */
    private static final Set<String> NORMAL_NAMES = Set.of("normal", "benign", "legitimate", "legit", "clean", "0", "false", "no");

    /**
     * The spec with its positive class (class 1) settled. Classes sort by name, so "normal" would
     * land after "attack" and be the class whose precision, recall, F1 and explanations are
     * reported. When the spec names no positive class and one of two classes is recognisably
     * normal, the other one is positive. A detector is checked against "anomalous" as class 1, so
     * for it more than two classes, or two that give no hint, are refused with the reason. Every
     * pipeline fitted for {@code trainer} on {@code table} (a search's folds too) starts here.
     */
    public static PipelineSpec withPositiveClassSettled(Table table, Trainer trainer, PipelineSpec spec) {
        if (spec.target() == null || !table.has(spec.target())) return spec; // the fitter names a missing target
        boolean detector = trainer.task() == Task.ANOMALY_DETECTION;
        Column target = table.column(spec.target());
        TreeSet<String> classes = new TreeSet<>();
        for (int r = 0; r < target.size(); r++) {
            if (!target.isMissing(r)) classes.add(target.text(r));
        }
        if (detector && classes.size() > 2) {
            throw new DetectorLabelException("an anomaly detector is evaluated against two classes, normal and anomalous, but '"
                    + spec.target() + "' has " + classes.size() + ": " + classes + "; map the other classes to one anomalous class");
        }
        if (spec.positiveClass() != null || classes.size() != 2) return spec;
        boolean firstNormal = NORMAL_NAMES.contains(classes.first().toLowerCase(Locale.ROOT));
        boolean lastNormal = NORMAL_NAMES.contains(classes.last().toLowerCase(Locale.ROOT));
        if (firstNormal != lastNormal) return spec.withPositiveClass(firstNormal ? classes.last() : classes.first());
        if (detector) {
            throw new DetectorLabelException("cannot tell which class of '" + spec.target() + "' " + classes
                    + " is the anomalous one: name it as the positive class");
        }
        return spec;
    }

    /** Trains; throws {@link InvalidHyperparameterException} before any work if a parameter is wrong. */
    public TrainedModel run() {
        Hyperparameters hp = trainer.validate(params);
        if (spec == null) throw new IllegalStateException("no pipeline spec: call pipeline(PipelineSpec...) first");
        PipelineSpec fitted = spec;
        if (windows != null) {
            List<String> absent = new ArrayList<>(windows.featureNames());
            absent.removeAll(table.columnNames());
            if (!absent.isEmpty()) {
                throw new IllegalArgumentException("the table lacks the window columns " + absent
                        + ": train on windows.transform(events), the events with their window features");
            }
            fitted = leavingOut(spec, windows.spec());
        }
        long start = System.nanoTime();
        Pipeline pipeline = Pipeline.fit(table, withPositiveClassSettled(table, trainer, fitted));
        FeatureMatrix x = pipeline.transform(table);
        int[] y = pipeline.target() == null ? null : pipeline.labels(table);
        Model model = trainer.train(new TrainingData(x, y, pipeline.classes()), hp, context);
        Map<String, String> versions = new HashMap<>(trainer.libraryVersions());
        versions.put("vigil-engine", EngineVersion.get());
        versions.putIfAbsent("java", System.getProperty("java.version"));
        Provenance provenance = new Provenance(trainer.algorithm(), hp.asMap(), table.contentSha256(), table.rowCount(),
                context.seed(), versions, context.clock().instant().toString(), (System.nanoTime() - start) / 1_000_000);
        return new TrainedModel(pipeline, model, provenance, Map.of(), windows);
    }
}
