package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.FeatureMatrix;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.vigil.engine.explain.Explainer;
import io.vigil.engine.explain.Explanation;
import org.junit.jupiter.api.Test;

class DetectorsTest {
    static FeatureMatrix column(double... values) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) data[i] = (float) values[i];
        return new FeatureMatrix(data, values.length, 1, List.of("v"));
    }

    static StatisticalDetectorModel fit(StatisticalDetectorTrainer.Method method, FeatureMatrix x) {
        var trainer = new StatisticalDetectorTrainer(method);
        return trainer.train(new TrainingData(x, null, List.of()), trainer.validate(Map.of()), TrainingContext.of(0));
    }

    @Test
    void averagePathLengthMatchesThePaper() {
        assertThat(AnomalyScores.averagePathLength(1)).isZero();
        assertThat(AnomalyScores.averagePathLength(2)).isEqualTo(1.0);
        // 2 (ln 255 + gamma) - 2 * 255 / 256
        assertThat(AnomalyScores.averagePathLength(256)).isCloseTo(2 * (Math.log(255) + 0.5772156649) - 2.0 * 255 / 256, within(1e-9));
    }

    @Test
    void statisticalDetectorsByHand() {
        FeatureMatrix x = column(1, 2, 3, 4, 100);
        // z: mean 22, sample sd sqrt(7610 / 4); 100 -> d = 78 / 43.62 = 1.79 < 3: masked by itself
        StatisticalDetectorModel z = fit(StatisticalDetectorTrainer.Method.ZSCORE, x);
        double d = 78 / Math.sqrt(7610 / 4.0);
        assertThat(z.score(new float[] {100}, 0)).isCloseTo(d / (d + 3), within(1e-6));
        assertThat(z.predict(new float[] {100}).label()).isEqualTo("normal");
        // MAD: median 3, |dev| 2 1 0 1 97 -> MAD 1; 100 -> 97 / 1.4826
        StatisticalDetectorModel mad = fit(StatisticalDetectorTrainer.Method.MAD, x);
        double dm = 97 / 1.4826;
        assertThat(mad.score(new float[] {100}, 0)).isCloseTo(dm / (dm + 3.5), within(1e-6));
        assertThat(mad.predict(new float[] {100}).label()).isEqualTo("anomaly");
        assertThat(mad.predict(new float[] {3}).score()).isZero();
        // IQR: Q1 2, Q3 4, IQR 2; 100 -> 96 / 2 = 48; 1 -> 0.5 -> 0.5 / 2
        StatisticalDetectorModel iqr = fit(StatisticalDetectorTrainer.Method.IQR, x);
        assertThat(iqr.score(new float[] {100}, 0)).isCloseTo(48 / 49.5, within(1e-9));
        assertThat(iqr.score(new float[] {1}, 0)).isCloseTo(0.25, within(1e-9));
        assertThat(iqr.score(new float[] {2 - 3}, 0)).isCloseTo(0.5, within(1e-9)); // exactly on the 1.5 IQR fence
        assertThat(iqr.predict(new float[] {-1}).label()).isEqualTo("anomaly");
    }

    @Test
    void madFallsBackToMeanAbsoluteDeviationWhenMostValuesAreEqual() {
        // median 0, MAD 0; mean |x - 0| = 1 -> spread 1.253314; 5 -> d = 3.99 -> anomaly
        StatisticalDetectorModel mad = fit(StatisticalDetectorTrainer.Method.MAD, column(0, 0, 0, 0, 5));
        double d = 5 / 1.253314;
        assertThat(mad.score(new float[] {5}, 0)).isCloseTo(d / (d + 3.5), within(1e-6));
        assertThat(mad.predict(new float[] {1}).label()).isEqualTo("normal");
        assertThat(mad.predict(new float[] {5}).label()).isEqualTo("anomaly");
    }

    @Test
    void isolationForestIsolatesOutliersAndHonoursContamination() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 2000;
        float[] data = new float[n * 2];
        for (int i = 0; i < n; i++) {
            data[2 * i] = (float) r.nextGaussian();
            data[2 * i + 1] = (float) r.nextGaussian();
        }
        FeatureMatrix x = new FeatureMatrix(data, n, 2, List.of("a", "b"));
        var trainer = new IsolationForestTrainer();
        Hyperparameters params = trainer.validate(Map.of("contamination", 0.05));
        IsolationForestModel model = trainer.train(new TrainingData(x, null, List.of()), params, TrainingContext.of(1));
        double outlier = model.score(new float[] {6, -6}, 0);
        double inlier = model.score(new float[] {0, 0}, 0);
        assertThat(outlier).isGreaterThan(0.7).isLessThanOrEqualTo(1);
        assertThat(inlier).isLessThan(0.5).isGreaterThan(0);
        assertThat(model.predict(new float[] {6, -6}).label()).isEqualTo("anomaly");
        long flagged = 0;
        for (int i = 0; i < n; i++) if (model.predict(data, 2 * i).classIndex() == 1) flagged++;
        assertThat(flagged / (double) n).isCloseTo(0.05, within(0.01));
        // same seed, same forest
        IsolationForestModel again = trainer.train(new TrainingData(x, null, List.of()), params, TrainingContext.of(1));
        assertThat(again.score(new float[] {1, 1}, 0)).isEqualTo(model.score(new float[] {1, 1}, 0));
    }

    @Test
    void statisticalDetectorScoresSplitIntoExactShapleyValues() {
        // fences [-1, 1] in unit scales, k = 1: a distance d scores d / (d + 1); the third feature never varied
        StatisticalDetectorModel m = new StatisticalDetectorModel("zscore", 1, new double[] {-1, -1, 2}, new double[] {1, 1, 2},
                new double[] {1, 1, 0});
        float[] row = {6, -4, 2}; // distances 5 and 3: values 5/6 and 3/4, the score is the larger
        double[] phi = m.contributions(row, 0);
        // by hand: the max game's Shapley values, {a}: a/2 + (max(a, b) - b)/2, {b}: b/2
        assertThat(phi[0]).isCloseTo((5 / 6.0 - 3 / 4.0) + (3 / 4.0) / 2, within(1e-12));
        assertThat(phi[1]).isCloseTo((3 / 4.0) / 2, within(1e-12));
        assertThat(phi[2]).isZero();
        assertThat(phi[0] + phi[1] + phi[2]).isCloseTo(m.score(row, 0), within(1e-12));
        assertThat(m.contributions(new float[] {0.5f, -0.5f, 2}, 0)).containsExactly(0, 0, 0);
        float[] leftConstant = {6, 0, 3}; // the constant feature moved: score 1, and it carries most of it
        double[] left = m.contributions(leftConstant, 0);
        assertThat(left[0] + left[1] + left[2]).isCloseTo(1.0, within(1e-12));
        assertThat(left[2]).isGreaterThan(left[0]);
        Explanation e = new Explainer(m, List.of("bytes", "duration", "flag")).explain(row);
        assertThat(e.margin()).isEqualTo(m.score(row, 0));
        assertThat(e.bias()).isZero();
        assertThat(e.top(1).get(0).feature()).isEqualTo("bytes");
    }

    @Test
    void isolationForestScoresAreExplainedByTheFeatureThatIsolatedTheRow() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 2000;
        float[] data = new float[n * 3];
        for (int i = 0; i < n * 3; i++) data[i] = (float) r.nextGaussian();
        FeatureMatrix x = new FeatureMatrix(data, n, 3, List.of("bytes", "duration", "port"));
        var trainer = new IsolationForestTrainer();
        IsolationForestModel model = trainer.train(new TrainingData(x, null, List.of()), trainer.validate(Map.of()), TrainingContext.of(1));
        Explainer explainer = new Explainer(model, x.names());
        for (float[] row : new float[][] {{0, 8, 0}, {0.1f, -0.2f, 0.3f}, {-7, 0, 6}}) {
            Explanation e = explainer.explain(row);
            // bias + contributions = -E(h), and the score is 2^(-E(h) / c)
            assertThat(e.bias() + java.util.Arrays.stream(e.contributions()).sum()).isCloseTo(e.margin(), within(1e-5));
            assertThat(Math.pow(2, e.margin() / model.normaliser())).isCloseTo(model.score(row, 0), within(1e-6));
        }
        Explanation longDuration = explainer.explain(new float[] {0, 8, 0});
        assertThat(longDuration.top(1).get(0).feature()).isEqualTo("duration");
        assertThat(longDuration.top(1).get(0).value()).as("pushes towards anomaly").isPositive();
        Explanation typical = explainer.explain(new float[] {0.1f, -0.2f, 0.3f});
        assertThat(typical.margin()).isLessThan(longDuration.margin());

        // a forest stored before node row counts were kept scores as before but cannot explain
        IsolationForestModel old = IsolationForestModel.fromJson(stateWithoutNodeRows(model));
        assertThat(old.score(new float[] {0, 8, 0}, 0)).isEqualTo(model.score(new float[] {0, 8, 0}, 0));
        assertThat(Explainer.supports(old)).isFalse();
        assertThat(Explainer.supports(model)).isTrue();
    }

    private static byte[] stateWithoutNodeRows(IsolationForestModel model) {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) io.vigil.engine.ModelJson.MAPPER.readTree(
                    model.nativeFiles().get("isolation_forest.json"));
            json.remove("nodeRows");
            return io.vigil.engine.ModelJson.MAPPER.writeValueAsBytes(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
