package io.vigil.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.anomaly.StatisticalDetectorTrainer;
import io.vigil.engine.features.FeatureMatrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionSummaryTest {

    static FeatureMatrix column(double... values) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) data[i] = (float) values[i];
        return new FeatureMatrix(data, values.length, 1, List.of("v"));
    }

    @Test
    void countsWhatTheDetectorFlagsAndHowItsScoresSpread() {
        var trainer = new StatisticalDetectorTrainer(StatisticalDetectorTrainer.Method.IQR);
        Model iqr = trainer.train(new TrainingData(column(1, 2, 3, 4, 100), null, List.of()), trainer.validate(Map.of()),
                TrainingContext.of(0));
        // Q1 2, Q3 4, IQR 2; score d / (d + 1.5) with d in IQRs outside [Q1, Q3]:
        // 1 -> 0.25 (inside the 1.5 IQR fence), 100 -> 48 / 49.5 and -1 -> 0.5 (flagged), the rest 0
        DetectionSummary s = DetectionSummary.of(iqr, column(1, 2, 3, 4, 100, -1, 2.5, 3.5, 4, 3));

        assertThat(s.rows()).isEqualTo(10);
        assertThat(s.flagged()).isEqualTo(2);
        assertThat(s.anomalyRate()).isEqualTo(0.2);
        assertThat(s.meanScore()).isCloseTo((0.25 + 48 / 49.5 + 0.5) / 10, within(1e-9));
        assertThat(s.medianScore()).isZero(); // the 5th of 10 sorted scores
        assertThat(s.p99Score()).isCloseTo(48 / 49.5, within(1e-9)); // nearest rank: the 10th
        assertThat(s.metrics()).containsOnlyKeys("anomaly_rate", "mean_score", "median_score", "p99_score", "rows");
    }

    @Test
    void aClassifierNeedsLabels() {
        Model classifier = new Model() {
            public String algorithm() { return "gbm"; }
            public io.vigil.engine.algorithms.Task task() { return io.vigil.engine.algorithms.Task.CLASSIFICATION; }
            public List<String> classes() { return List.of("a", "b"); }
            public int featureCount() { return 1; }
            public int marginCount() { return 1; }
            public void margins(float[] data, int offset, double[] out) { out[0] = data[offset]; }
            public void probabilities(double[] margins, double[] out) { out[1] = 1 / (1 + Math.exp(-margins[0])); out[0] = 1 - out[1]; }
            public Map<String, byte[]> nativeFiles() { return Map.of(); }
        };
        assertThatThrownBy(() -> DetectionSummary.of(classifier, column(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs labels");
    }
}
