package io.vigil.bench.nab;

import io.vigil.engine.anomaly.NoveltyDetector;
import io.vigil.engine.anomaly.RollingDeviationDetector;
import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import io.vigil.engine.anomaly.StreamingDetector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The detector configurations the NAB report knows by name (each one configuration for all 58 series). */
final class NabDetectors {

    static final Map<String, Supplier<StreamingDetector>> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("zscore", () -> RollingDeviationDetector.withDefaults(Method.ZSCORE, 500));
        NAMED.put("iqr", () -> RollingDeviationDetector.withDefaults(Method.IQR, 500));
        NAMED.put("mad", () -> RollingDeviationDetector.withDefaults(Method.MAD, 500));
        NAMED.put("novelty", NoveltyDetector::new);
        // ablations: one of its two deviations alone (the other's floor out of reach), no floors, no quiet period
        NoveltyDetector.Settings d = NoveltyDetector.Settings.DEFAULTS;
        NAMED.put("novelty-level-only", () -> new NoveltyDetector(new NoveltyDetector.Settings(d.smoothing(), d.window(),
                d.memory(), d.warmUp(), d.levelFloor(), Double.MAX_VALUE, d.quietPoints(), d.profileWeight(), d.errorWeight())));
        NAMED.put("novelty-profile-only", () -> new NoveltyDetector(new NoveltyDetector.Settings(d.smoothing(), d.window(),
                d.memory(), d.warmUp(), Double.MAX_VALUE, d.profileFloor(), d.quietPoints(), d.profileWeight(), d.errorWeight())));
        NAMED.put("novelty-no-floor", () -> new NoveltyDetector(new NoveltyDetector.Settings(d.smoothing(), d.window(),
                d.memory(), d.warmUp(), Double.MIN_VALUE, Double.MIN_VALUE, d.quietPoints(), d.profileWeight(), d.errorWeight())));
        NAMED.put("novelty-no-quiet", () -> new NoveltyDetector(new NoveltyDetector.Settings(d.smoothing(), d.window(),
                d.memory(), d.warmUp(), d.levelFloor(), d.profileFloor(), 0, d.profileWeight(), d.errorWeight())));
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
