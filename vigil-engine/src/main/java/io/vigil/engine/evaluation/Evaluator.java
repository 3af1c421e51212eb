package io.vigil.engine.evaluation;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.algorithms.Scorer;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.features.FeatureMatrix;
import java.util.ArrayList;
import java.util.List;

/** Scores a model on labelled rows and computes every metric of {@link EvaluationReport}. */
public final class Evaluator {
    private static final int CURVE_POINTS = 101;
    private static final int CALIBRATION_BINS = 10;

    private Evaluator() {
    }

    public static EvaluationReport evaluate(Model model, FeatureMatrix x, int[] labels) {
        ScoredRows scored = Scorer.score(model, x);
        EvaluationReport report = evaluate(model.classes(), labels, scored.classIndices(), scored.probabilityRows());
        return model.task() == Task.ANOMALY_DETECTION ? report.withoutProbabilityFigures() : report;
    }

    /** From given predictions: {@code probabilities[row][class]}, predicted class per row. */
    public static EvaluationReport evaluate(List<String> classes, int[] labels, int[] predicted, double[][] probabilities) {
        ConfusionMatrix cm = ConfusionMatrix.of(labels, predicted, classes);
        List<ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            perClass.add(new ClassMetrics(classes.get(c), cm.precision(c), cm.recall(c), cm.f1(c), cm.support(c)));
        }
        int k = classes.size();
        double rocAuc = Double.NaN;
        double prAuc = Double.NaN;
        List<BinaryCurves.Point> roc = List.of();
        List<BinaryCurves.Point> pr = List.of();
        List<Calibration.Bin> calibration = List.of();
        if (k == 2) {
            boolean[] positive = new boolean[labels.length];
            double[] score = new double[labels.length];
            for (int r = 0; r < labels.length; r++) {
                positive[r] = labels[r] == 1;
                score[r] = probabilities[r][1];
            }
            if (cm.support(0) > 0 && cm.support(1) > 0) {
                roc = BinaryCurves.roc(positive, score);
                rocAuc = BinaryCurves.rocAuc(positive, score);
                pr = BinaryCurves.precisionRecall(positive, score);
                prAuc = BinaryCurves.prAuc(positive, score);
            }
            calibration = Calibration.bins(positive, score, CALIBRATION_BINS);
            roc = BinaryCurves.thin(roc, CURVE_POINTS);
            pr = BinaryCurves.thin(pr, CURVE_POINTS);
        } else {
            double rocSum = 0;
            double prSum = 0;
            int counted = 0;
            for (int c = 0; c < k; c++) {
                if (cm.support(c) == 0 || cm.support(c) == labels.length) continue;
                boolean[] positive = new boolean[labels.length];
                double[] score = new double[labels.length];
                for (int r = 0; r < labels.length; r++) {
                    positive[r] = labels[r] == c;
                    score[r] = probabilities[r][c];
                }
                rocSum += BinaryCurves.rocAuc(positive, score);
                prSum += BinaryCurves.prAuc(positive, score);
                counted++;
            }
            if (counted > 0) {
                rocAuc = rocSum / counted;
                prAuc = prSum / counted;
            }
        }
        return new EvaluationReport(labels.length, cm.accuracy(), perClass, cm.macroPrecision(), cm.macroRecall(), cm.macroF1(),
                cm.weightedPrecision(), cm.weightedRecall(), cm.weightedF1(), rocAuc, prAuc, LogLoss.of(labels, probabilities), cm,
                roc, pr, calibration);
    }
}
