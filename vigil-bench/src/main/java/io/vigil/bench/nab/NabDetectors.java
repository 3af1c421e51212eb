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
        NAMED.put("lvl8n750s200", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.level(8, 2000), 750, 50, 200), 100));
        NAMED.put("lvl8n750s200", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.level(8, 2000), 750, 50, 200), 100));
        NAMED.put("ad288a0.3", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.adaptive(8, 2000, 0.3, 0.01, 288, true), 750, 50, 200), 100));
        for (double c : new double[] {2, 3, 4, 6, 8, 12}) {
            NAMED.put("floor" + c, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, 200, c), 100));
            NAMED.put("floorad" + c, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.adaptive(8, 2000, 0.3, 0.01, 288, true), 750, 50, 200, c), 100));
        }
        for (double c : new double[] {3}) {
            for (double pw : new double[] {1, 10, 100}) {
                NAMED.put("size" + pw, () -> X.quiet(ExperimentalDetectors.rankTimesSize(ExperimentalDetectors.level(8, 2000), 750, 50, 200, c, pw), 100));
                NAMED.put("sizead" + pw, () -> X.quiet(ExperimentalDetectors.rankTimesSize(ExperimentalDetectors.adaptive(8, 2000, 0.3, 0.01, 288, true), 750, 50, 200, c, pw), 100));
            }
        }
        for (int q : new int[] {50, 100, 150, 200}) NAMED.put("f3q" + q, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, 200, 3), q));
        for (int n : new int[] {400, 750, 1200}) NAMED.put("f3n" + n, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), n, 50, 200, 3), 100));
        for (int b : new int[] {4, 6, 8, 12, 16}) NAMED.put("f3b" + b, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(b, 2000), 750, 50, 200, 3), 100));
        for (int w : new int[] {500, 1000, 2000, 4000}) NAMED.put("f3w" + w, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, w), 750, 50, 200, 3), 100));
        for (int sk : new int[] {100, 150, 200, 300}) NAMED.put("f3s" + sk, () -> X.quiet(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, sk, 3), 100));
        NAMED.put("mx:lvl+ad", () -> X.quiet(ExperimentalDetectors.maxOf(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, 200, 3), ExperimentalDetectors.rankFloor(ExperimentalDetectors.adaptive(8, 2000, 0.3, 0.01, 288, true), 750, 50, 200, 3)), 100));
        NAMED.put("mx:lvl+ad4", () -> X.quiet(ExperimentalDetectors.maxOf(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, 200, 3), ExperimentalDetectors.rankFloor(ExperimentalDetectors.adaptive(8, 2000, 0.3, 0.01, 288, true), 750, 50, 200, 4)), 100));
        NAMED.put("mx:lvl+knn", () -> X.quiet(ExperimentalDetectors.maxOf(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, 200, 3), ExperimentalDetectors.rankSkip(ExperimentalDetectors.knn(19, 750, 27, 2000, 0), 750, 50, 200)), 100));
        NAMED.put("mx:lvl+seas", () -> X.quiet(ExperimentalDetectors.maxOf(ExperimentalDetectors.rankFloor(ExperimentalDetectors.level(8, 2000), 750, 50, 200, 3), ExperimentalDetectors.rankFloor(ExperimentalDetectors.seasonal(30, 0.1, 3), 750, 50, 200, 3)), 100));
        NAMED.put("S:lvl8+z", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.sum(P(ExperimentalDetectors.level(8, 2000)), P(X.zscore(2000))), 750, 50, 200), 100));
        NAMED.put("S:lvl8+knn", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.sum(P(ExperimentalDetectors.level(8, 2000)), P(ExperimentalDetectors.knn(19, 750, 27, 2000, 0))), 750, 50, 200), 100));
        NAMED.put("S:lvl8+lvl2+lvl32", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.sum(P(ExperimentalDetectors.level(8, 2000)), P(ExperimentalDetectors.level(2, 2000)), P(ExperimentalDetectors.level(32, 2000))), 750, 50, 200), 100));
        NAMED.put("S:lvl8+knn+seas", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.sum(P(ExperimentalDetectors.level(8, 2000)), P(ExperimentalDetectors.knn(19, 750, 27, 2000, 0)), P(ExperimentalDetectors.seasonal(30, 0.1, 3))), 750, 50, 200), 100));
        NAMED.put("M:lvl8+knn", () -> X.quiet(ExperimentalDetectors.rankSkip(ExperimentalDetectors.max(P(ExperimentalDetectors.level(8, 2000)), P(ExperimentalDetectors.knn(19, 750, 27, 2000, 0))), 750, 50, 200), 100));
    }

    private static ExperimentalDetectors.Raw P(ExperimentalDetectors.Raw r) {
        return ExperimentalDetectors.probitRank(r, 2000, 50, 200);
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
