package io.vigil.bench.nab;

import io.vigil.engine.anomaly.RollingDeviationDetector;
import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import io.vigil.engine.anomaly.StreamingDetector;
import io.vigil.engine.anomaly.ExperimentalDetectors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The detector configurations the NAB report knows by name (one configuration for all 58 series). */
final class NabDetectors {
    private static final class X extends Object {
        static StreamingDetector likelihood(ExperimentalDetectors.Raw r, int a, int h, int l, double m, java.util.function.DoubleUnaryOperator f) { return ExperimentalDetectors.likelihood(r, a, h, l, m, f); }
        static StreamingDetector quiet(StreamingDetector d, int r) { return ExperimentalDetectors.quiet(d, r); }
        static ExperimentalDetectors.Raw zscore(int w) { return ExperimentalDetectors.zscore(w); }
        static ExperimentalDetectors.Raw mad(int w) { return ExperimentalDetectors.mad(w); }
    }


    static final Map<String, Supplier<StreamingDetector>> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("zscore", () -> RollingDeviationDetector.withDefaults(Method.ZSCORE, 500));
        NAMED.put("iqr", () -> RollingDeviationDetector.withDefaults(Method.IQR, 500));
        NAMED.put("mad", () -> RollingDeviationDetector.withDefaults(Method.MAD, 500));
        NAMED.put("lzq2000a1", () -> X.quiet(X.likelihood(X.zscore(2000), 1, 1000, 150, 0.05, v -> v), 100));
        NAMED.put("knn19k27R", () -> X.quiet(ExperimentalDetectors.rank(ExperimentalDetectors.knn(19, 750, 27, 2000, 0), 750, 100), 100));
        for (int n : new int[] {750, 2000, 5000}) {
            for (int skip : new int[] {0, 100, 200}) {
                NAMED.put("lvl8n" + n + "s" + skip, () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.level(8, 2000), n, 50, skip), 100));
                NAMED.put("zn" + n + "s" + skip, () -> X.quiet(ExperimentalDetectors.rankSkip(X.zscore(2000), n, 50, skip), 100));
            }
        }
    }

    private NabDetectors() {
    }

    static Supplier<StreamingDetector> named(String name) {
        Supplier<StreamingDetector> detector = NAMED.get(name);
        if (detector == null) {
            throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + NAMED.keySet());
        }
        return detector;
    }
}
