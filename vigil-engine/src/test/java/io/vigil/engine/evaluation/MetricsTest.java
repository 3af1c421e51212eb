package io.vigil.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric against values worked out by hand on tiny cases (the arithmetic is in the comments). */
class MetricsTest {
    static final double EPS = 1e-12;

    @Test
    void confusionMatrixAndDerivedScores() {
        // actual a a a b b c ; predicted a b a b c c
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 1, 0, 1, 2, 2}, List.of("a", "b", "c"));
        assertThat(cm.counts()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
        assertThat(cm.accuracy()).isCloseTo(4.0 / 6, within(EPS));
        // precision: a 2/2, b 1/2, c 1/2 ; recall: a 2/3, b 1/2, c 1/1
        assertThat(cm.precision(0)).isCloseTo(1.0, within(EPS));
        assertThat(cm.precision(1)).isCloseTo(0.5, within(EPS));
        assertThat(cm.recall(0)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(cm.recall(2)).isCloseTo(1.0, within(EPS));
        // F1: a 2*1*(2/3)/(5/3) = 0.8, b 0.5, c 2*0.5*1/1.5 = 2/3
        assertThat(cm.f1(0)).isCloseTo(0.8, within(EPS));
        assertThat(cm.f1(1)).isCloseTo(0.5, within(EPS));
        assertThat(cm.f1(2)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(cm.macroF1()).isCloseTo((0.8 + 0.5 + 2.0 / 3) / 3, within(EPS));
        assertThat(cm.weightedF1()).isCloseTo((0.8 * 3 + 0.5 * 2 + 2.0 / 3) / 6, within(EPS));
        assertThat(cm.macroPrecision()).isCloseTo((1 + 0.5 + 0.5) / 3, within(EPS));
        assertThat(cm.weightedRecall()).isCloseTo(cm.accuracy(), within(EPS)); // always true
    }

    @Test
    void macroAveragesAreOverTheClassesTheRowsHaveAsTruthOrPrediction() {
        // classes a b c d x; actual a a b b c ; predicted a b b b d. "d" is predicted but never true
        // (counted, F1 0, as scikit-learn does); no row mentions "x" (left out of the averages).
        List<String> classes = List.of("a", "b", "c", "d", "x");
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 3}, classes);
        // precision: a 1/1, b 2/3, c 0/0 -> 0, d 0/1 ; recall: a 1/2, b 2/2, c 0/1, d 0/0 -> 0
        // F1: a 2*1*.5/1.5 = 2/3, b 2*(2/3)*1/(5/3) = 0.8, c 0, d 0
        assertThat(cm.present(4)).isFalse();
        assertThat(cm.present(3)).isTrue();
        assertThat(cm.macroF1()).isCloseTo((2.0 / 3 + 0.8 + 0 + 0) / 4, within(EPS));
        assertThat(cm.macroPrecision()).isCloseTo((1 + 2.0 / 3 + 0 + 0) / 4, within(EPS));
        assertThat(cm.macroRecall()).isCloseTo((0.5 + 1 + 0 + 0) / 4, within(EPS));
        assertThat(cm.weightedF1()).isCloseTo((2.0 / 3 * 2 + 0.8 * 2 + 0) / 5, within(EPS)); // support weights: unchanged
        assertThat(cm.classesWithoutRows()).containsExactly("d", "x");

        // the same rows evaluated with only the classes they mention: the same averages
        ConfusionMatrix mentioned = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 3}, List.of("a", "b", "c", "d"));
        assertThat(cm.macroF1()).isCloseTo(mentioned.macroF1(), within(EPS));

        EvaluationReport report = Evaluator.evaluate(classes, new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 3},
                new double[][] {{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}});
        assertThat(report.macroF1()).isCloseTo(cm.macroF1(), within(EPS));
        assertThat(report.summary().get("macro_f1")).isCloseTo(cm.macroF1(), within(EPS));
        assertThat(report.classesWithoutRows()).containsExactly("d", "x");
    }

    @Test
    void zeroDivisionGivesZero() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, List.of("a", "b"));
        assertThat(cm.precision(1)).isZero();
        assertThat(cm.recall(1)).isZero();
        assertThat(cm.f1(1)).isZero();
    }

    @Test
    void rocAucCountsPairsAndHalvesTies() {
        boolean[] y = {true, false, true, false};
        double[] s = {0.9, 0.8, 0.4, 0.1};
        // positive-negative pairs: (0.9>0.8) (0.9>0.1) (0.4<0.8) (0.4>0.1) -> 3/4
        assertThat(BinaryCurves.rocAuc(y, s)).isCloseTo(0.75, within(EPS));
        assertThat(BinaryCurves.rocAuc(new boolean[] {true, false}, new double[] {0.5, 0.5})).isCloseTo(0.5, within(EPS));
        List<BinaryCurves.Point> roc = BinaryCurves.roc(y, s);
        assertThat(roc).extracting(BinaryCurves.Point::x).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0);
        assertThat(roc).extracting(BinaryCurves.Point::y).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
    }

    @Test
    void prAucIsAveragePrecision() {
        boolean[] y = {true, false, true, false};
        double[] s = {0.9, 0.8, 0.4, 0.1};
        // thresholds: 0.9 -> P 1, R .5 ; 0.8 -> P .5, R .5 ; 0.4 -> P 2/3, R 1 ; 0.1 -> P .5, R 1
        // AP = .5 * 1 + 0 * .5 + .5 * 2/3 + 0 = 5/6
        assertThat(BinaryCurves.prAuc(y, s)).isCloseTo(5.0 / 6, within(EPS));
        assertThat(BinaryCurves.precisionRecall(y, s)).extracting(BinaryCurves.Point::y).containsExactly(1.0, 0.5, 2.0 / 3, 0.5);
    }

    @Test
    void logLoss() {
        // -(ln 0.8 + ln 0.6) / 2
        double expected = -(Math.log(0.8) + Math.log(0.6)) / 2;
        assertThat(LogLoss.of(new int[] {1, 0}, new double[][] {{0.2, 0.8}, {0.6, 0.4}})).isCloseTo(expected, within(EPS));
        assertThat(LogLoss.of(new int[] {1}, new double[][] {{1, 0}})).isCloseTo(-Math.log(1e-15), within(1e-9));
    }

    @Test
    void calibrationBins() {
        boolean[] y = {false, false, true, true, true};
        double[] s = {0.05, 0.15, 0.12, 0.95, 1.0};
        List<Calibration.Bin> bins = Calibration.bins(y, s, 10);
        assertThat(bins).hasSize(10);
        assertThat(bins.get(0).count()).isEqualTo(1);
        assertThat(bins.get(0).fractionPositive()).isZero();
        assertThat(bins.get(1).count()).isEqualTo(2);
        assertThat(bins.get(1).meanPredicted()).isCloseTo(0.135, within(EPS));
        assertThat(bins.get(1).fractionPositive()).isCloseTo(0.5, within(EPS));
        assertThat(bins.get(9).count()).isEqualTo(2); // 1.0 lands in the last bin
        assertThat(bins.get(9).meanPredicted()).isCloseTo(0.975, within(EPS));
        // ECE = (1*.05 + 2*|.5-.135| + 2*|1-.975|) / 5
        assertThat(Calibration.expectedCalibrationError(bins)).isCloseTo((0.05 + 2 * 0.365 + 2 * 0.025) / 5, within(EPS));
    }

    @Test
    void evaluatorPutsItTogether() {
        int[] labels = {1, 0, 1, 0};
        double[][] p = {{0.1, 0.9}, {0.2, 0.8}, {0.6, 0.4}, {0.9, 0.1}};
        int[] predicted = {1, 1, 0, 0};
        EvaluationReport r = Evaluator.evaluate(List.of("normal", "attack"), labels, predicted, p);
        assertThat(r.accuracy()).isCloseTo(0.5, within(EPS));
        assertThat(r.rocAuc()).isCloseTo(0.75, within(EPS));
        assertThat(r.prAuc()).isCloseTo(5.0 / 6, within(EPS));
        assertThat(r.positiveF1()).isCloseTo(0.5, within(EPS));
        assertThat(r.summary()).containsKeys("accuracy", "f1", "roc_auc", "pr_auc", "log_loss");
        assertThat(r.summary().get("f1")).isEqualTo(r.positiveF1());
    }

    @Test
    void theHeadlineF1OfSeveralClassesIsTheirMacroAverage() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 0, 1, 0, 2, 2};     // F1: class 0 0.8, class 1 2/3, class 2 1
        double[][] p = new double[6][3];
        for (int r = 0; r < 6; r++) p[r][predicted[r]] = 1;
        EvaluationReport report = Evaluator.evaluate(List.of("benign", "dos", "scan"), labels, predicted, p);
        assertThat(report.summary().get("f1")).isCloseTo((0.8 + 2.0 / 3 + 1) / 3, within(EPS));
        assertThat(report.positiveF1()).isEqualTo(1.0); // the last class alone: not what "f1" reports here
    }
}
