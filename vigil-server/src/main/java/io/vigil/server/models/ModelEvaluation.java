package io.vigil.server.models;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.evaluation.BinaryCurves;
import io.vigil.engine.evaluation.ClassMetrics;
import io.vigil.engine.evaluation.DetectionSummary;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.explain.FeatureImportance;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.table.Table;
import io.vigil.server.core.VigilException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a trained model on a table, and turns the engine's report into what the registry
 * stores: headline metrics by name, and artifacts (confusion matrix, curves, per-class figures,
 * feature importance). A detector defined without a label column is measured by what it flags
 * ({@link DetectionSummary}): there is nothing to compare its verdicts with.
 */
final class ModelEvaluation {
    /** Curves are thinned to this many points: enough to draw, small enough to store. */
    private static final int CURVE_POINTS = 200;
    /** Metrics where lower is better; a threshold on them is a maximum (an alert budget for anomaly_rate). */
    static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "anomaly_rate");

    /**
     * A version's figures on one table.
     *
     * @param report the labelled report, or null for a detector without a label column
     */
    record Evaluation(Map<String, Double> metrics, EvaluationReport report) {}

    private ModelEvaluation() {}

    static Evaluation evaluate(TrainedModel trained, Table table) {
        table = withWindows(trained, table);
        // the pipeline would read an absent column as missing in every row: metrics of nothing, unless
        // the input was missing in training too (a sparse log's field that no line of this file has)
        List<String> lacking = trained.pipeline().requiredInputsMissingFrom(table.columnNames());
        if (!lacking.isEmpty()) {
            throw VigilException.unprocessable("the evaluation data lacks inputs of the model: " + lacking
                    + " (its columns are " + table.columnNames() + ")");
        }
        FeatureMatrix x = trained.features(table);
        if (trained.pipeline().target() == null) {
            return new Evaluation(DetectionSummary.of(trained.model(), x).metrics(), null);
        }
        int[] labels;
        try {
            labels = trained.pipeline().labels(table);
        } catch (IllegalArgumentException e) {
            throw VigilException.unprocessable("the evaluation data has a label the model does not know: " + e.getMessage()
                    + " (for many attack names against one normal class, define the model with binarize)");
        }
        EvaluationReport report = Evaluator.evaluate(trained.model(), x, labels);
        return new Evaluation(metrics(report), report);
    }

    /**
     * Events for a model with window features, with their features computed from them as serving
     * would (each row from its entity's events in the table at or before it), unless the table has
     * them already (a training's hold-out, computed with the training events).
     */
    private static Table withWindows(TrainedModel trained, Table table) {
        if (trained.windows() == null || table.columnNames().containsAll(trained.windows().featureNames())) {
            return table;
        }
        List<String> raw = trained.windows().spec().rawColumns().stream().filter(c -> !table.has(c)).toList();
        if (!raw.isEmpty()) {
            throw VigilException.unprocessable("the evaluation data lacks the columns the model's window features read: " + raw
                    + " (its columns are " + table.columnNames() + ")");
        }
        try {
            return trained.windows().transform(table);
        } catch (io.vigil.engine.windows.InvalidWindowSpecException e) {
            throw VigilException.unprocessable("the evaluation data does not fit the model's window features: " + e.getMessage());
        }
    }

    private static Map<String, Double> metrics(EvaluationReport r) {
        Map<String, Double> m = new LinkedHashMap<>(r.summary());
        // like f1: the positive class's for two classes, macro averages for more
        ClassMetrics positive = r.perClass().get(r.perClass().size() - 1);
        boolean binary = r.perClass().size() == 2;
        m.put("precision", binary ? positive.precision() : r.macroPrecision());
        m.put("recall", binary ? positive.recall() : r.macroRecall());
        m.values().removeIf(v -> v == null || v.isNaN());
        return m;
    }

    static VersionArtifacts artifacts(Evaluation e, TrainedModel trained, VersionArtifacts.EvaluatedOn evaluatedOn) {
        VersionArtifacts.Importance importance = trained.model() instanceof TreeEnsembleModel trees
                ? new VersionArtifacts.Importance("gain", FeatureImportance.gain(trees, trained.pipeline().featureNames())) : null;
        EvaluationReport r = e.report();
        if (r == null) {
            return new VersionArtifacts(evaluatedOn, null, null, null, null, null, null, importance, null);
        }
        return new VersionArtifacts(evaluatedOn, ConfusionCounts.of(r), r.perClass(), r.classesWithoutRows(),
                BinaryCurves.thin(r.rocCurve(), CURVE_POINTS), BinaryCurves.thin(r.prCurve(), CURVE_POINTS), r.calibration(),
                importance, null);
    }

    /**
     * Every gate with its outcome, in the order of {@code thresholds}: the metric, its
     * {@code minimum} (or {@code maximum} for lower-is-better metrics), the {@code actual} value
     * and whether it {@code passed}.
     */
    static List<ValidationReport.Gate> gates(Map<String, Double> metrics, Map<String, Double> thresholds) {
        List<ValidationReport.Gate> gates = new ArrayList<>();
        thresholds.forEach((name, required) -> {
            Double actual = metrics.get(name);
            boolean lower = LOWER_IS_BETTER.contains(name);
            boolean passed = actual != null && (lower ? actual <= required : actual >= required);
            gates.add(new ValidationReport.Gate(name, lower ? null : required, lower ? required : null, actual, passed));
        });
        return gates;
    }

    /** The gates that failed, without their {@code passed} flag. */
    static List<ValidationReport.Gate> failures(List<ValidationReport.Gate> gates) {
        return gates.stream().filter(g -> !g.passed()).map(ValidationReport.Gate::withoutOutcome).toList();
    }
}
