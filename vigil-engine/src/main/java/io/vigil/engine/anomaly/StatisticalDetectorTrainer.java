package io.vigil.engine.anomaly;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.FeatureMatrix;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Statistical detectors that need no real training, only a centre and a spread per feature
 * (taken from whatever data is at hand, e.g. the series being scored):
 * <ul>
 *   <li>{@code zscore}: distance {@code |x - mean| / sd}, flagged from {@code k = 3};</li>
 *   <li>{@code iqr}: distance beyond the quartiles in IQR units, flagged from {@code k = 1.5} (Tukey's fences);</li>
 *   <li>{@code mad}: {@code |x - median| / (1.4826 MAD)}, flagged from {@code k = 3.5} (Iglewicz and Hoaglin);
 *       when MAD is 0 the spread is {@code 1.2533 x mean absolute deviation} instead.</li>
 * </ul>
 * A row's distance d is its largest over features; its score is {@code d / (d + k)}, in [0, 1)
 * and exactly 0.5 at the classic cut-off, which is the threshold.
 */
public final class StatisticalDetectorTrainer implements Trainer {

    /** The three detectors. */
    public enum Method {
        ZSCORE(3), IQR(1.5), MAD(3.5);

        private final double defaultK;

        Method(double defaultK) {
            this.defaultK = defaultK;
        }

        /** The distance at which a value is flagged by default: 3, 1.5 or 3.5. */
        public double defaultK() {
            return defaultK;
        }

        public String algorithm() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Method method;

    public StatisticalDetectorTrainer(Method method) {
        this.method = method;
    }

    @Override public String algorithm() { return method.algorithm(); }
    @Override public Task task() { return Task.ANOMALY_DETECTION; }
    @Override public Map<String, String> libraryVersions() { return Map.of(); }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.real("k", method.defaultK, 0, true, 1000, "distance at which a value is anomalous"));
    }

    @Override
    public StatisticalDetectorModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        FeatureMatrix x = data.features();
        double[] lower = new double[x.cols()];
        double[] upper = new double[x.cols()];
        double[] scale = new double[x.cols()];
        double[] column = new double[x.rows()];
        for (int c = 0; c < x.cols(); c++) {
            for (int r = 0; r < x.rows(); r++) column[r] = x.get(r, c);
            Fences fences = Fences.of(method, column);
            lower[c] = fences.lower();
            upper[c] = fences.upper();
            scale[c] = fences.scale();
        }
        context.progress(1, 1);
        return new StatisticalDetectorModel(method.algorithm(), params.getDouble("k"), lower, upper, scale);
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        return StatisticalDetectorModel.fromJson(nativeFiles.get("detector.json"));
    }
}
