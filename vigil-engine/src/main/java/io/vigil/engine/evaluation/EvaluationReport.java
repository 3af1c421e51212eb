package io.vigil.engine.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured on one labelled set. Threshold-free figures (ROC AUC, PR AUC, curves,
 * calibration) are for the positive (last) class of binary problems and detectors; for
 * multiclass problems the AUCs are the macro average of one-vs-rest, curves and calibration are empty.
 */
public record EvaluationReport(long rows, double accuracy, List<ClassMetrics> perClass,
                               double macroPrecision, double macroRecall, double macroF1,
                               double weightedPrecision, double weightedRecall, double weightedF1,
                               double rocAuc, double prAuc, double logLoss, ConfusionMatrix confusion,
                               List<BinaryCurves.Point> rocCurve, List<BinaryCurves.Point> prCurve,
                               List<Calibration.Bin> calibration) {

    /**
     * The same report without the figures that read scores as calibrated probabilities: log loss
     * and calibration. A detector's "probability" is its anomaly score, which is not one.
     */
    public EvaluationReport withoutProbabilityFigures() {
        return new EvaluationReport(rows, accuracy, perClass, macroPrecision, macroRecall, macroF1, weightedPrecision,
                weightedRecall, weightedF1, rocAuc, prAuc, Double.NaN, confusion, rocCurve, prCurve, List.of());
    }

    /**
     * The classes without a single evaluation row: their recall was not measured, and the macro
     * averages leave them out unless the model predicted them.
     */
    public List<String> classesWithoutRows() {
        return confusion.classesWithoutRows();
    }

    /** F1 of the positive (last) class: the usual "F1" of a binary detector. */
    public double positiveF1() {
        return perClass.get(perClass.size() - 1).f1();
    }

    /**
     * Headline figures by name, as stored in a bundle manifest (those not computed, NaN, left out). {@code f1} is the positive class's
     * for two classes and the macro average for more: with several classes, the last one's F1 would
     * be an arbitrary pick.
     */
    public Map<String, Double> summary() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("f1", perClass.size() == 2 ? positiveF1() : macroF1);
        m.put("macro_f1", macroF1);
        m.put("weighted_f1", weightedF1);
        m.put("roc_auc", rocAuc);
        m.put("pr_auc", prAuc);
        m.put("log_loss", logLoss);
        m.put("rows", (double) rows);
        m.values().removeIf(v -> v.isNaN()); // a figure that was not computed is not reported
        return m;
    }
}
