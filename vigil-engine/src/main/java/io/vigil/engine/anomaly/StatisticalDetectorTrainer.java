package io.vigil.engine.anomaly;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.FeatureMatrix;
import java.util.Arrays;
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
        double[] center = new double[x.cols()];
        double[] lower = new double[x.cols()];
        double[] upper = new double[x.cols()];
        double[] scale = new double[x.cols()];
        double[] column = new double[x.rows()];
        for (int c = 0; c < x.cols(); c++) {
            int n = 0;
            for (int r = 0; r < x.rows(); r++) {
                float v = x.get(r, c);
                if (!Float.isNaN(v)) column[n++] = v;
            }
            double[] values = Arrays.copyOf(column, n);
            Arrays.sort(values);
            switch (method) {
                case ZSCORE -> {
                    double mean = Arrays.stream(values).average().orElse(0);
                    double ss = 0;
                    for (double v : values) ss += (v - mean) * (v - mean);
                    lower[c] = upper[c] = center[c] = mean;
                    scale[c] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
                }
                case IQR -> {
                    lower[c] = quantile(values, 0.25);
                    upper[c] = quantile(values, 0.75);
                    center[c] = quantile(values, 0.5);
                    scale[c] = upper[c] - lower[c];
                }
                case MAD -> {
                    double median = quantile(values, 0.5);
                    double[] dev = new double[n];
                    for (int i = 0; i < n; i++) dev[i] = Math.abs(values[i] - median);
                    Arrays.sort(dev);
                    lower[c] = upper[c] = center[c] = median;
                    scale[c] = 1.4826 * quantile(dev, 0.5);
                    if (scale[c] == 0 && n > 0) {
                        // more than half the values equal the median (sparse counters): fall back to the
                        // mean absolute deviation, scaled to match a normal sd (IBM SPSS modified z-score)
                        scale[c] = 1.253314 * Arrays.stream(dev).average().orElse(0);
                    }
                }
            }
        }
        context.progress(1, 1);
        return new StatisticalDetectorModel(method.algorithm(), params.getDouble("k"), lower, upper, scale);
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        return StatisticalDetectorModel.fromJson(nativeFiles.get("detector.json"));
    }

    /** Linear interpolation between order statistics (R type 7, numpy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        double frac = pos - i;
        return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
