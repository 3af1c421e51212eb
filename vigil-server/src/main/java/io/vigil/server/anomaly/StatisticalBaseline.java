package io.vigil.server.anomaly;

import io.vigil.engine.anomaly.Fences;
import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import io.vigil.server.assets.AssetEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistical fallback: each metric of a point against the asset's own recent history (the
 * {@code history} before the point, and nothing after it), by the z-score, IQR or MAD fences of
 * the engine ({@link Fences}). A metric {@code k} spreads outside its fences scores 0.7, the
 * default threshold: its score is {@code 1 - 0.3^(d / k)} for d spreads outside (k = 3 for the
 * z-score and 3.5 for the MAD, Iglewicz and Hoaglin's; 1.5 IQRs, Tukey's); the point's score is its
 * worst metric's. Points are scored in time order, each joining the history of the next.
 */
final class StatisticalBaseline {
    /** Fewer past values than this and a metric's score is not judged. */
    static final int MIN_HISTORY = 10;
    /** At most this many past values per metric (the latest): a day at one a second is past it. */
    static final int MAX_HISTORY = 20_000;

    private final Method method;
    private final double k;
    private final Duration history;
    private final Map<String, ArrayDeque<Sample>> past = new HashMap<>();

    private record Sample(Instant at, double value) {}

    StatisticalBaseline(Method method, Duration history) {
        this.method = method;
        this.k = switch (method) {
            case ZSCORE -> 3;
            case IQR -> 1.5;
            case MAD -> 3.5;
        };
        this.history = history;
    }

    /** Adds a past value (in time order) to the baseline. */
    void remember(String metric, Instant at, double value) {
        ArrayDeque<Sample> samples = past.computeIfAbsent(metric, m -> new ArrayDeque<>());
        samples.addLast(new Sample(at, value));
        if (samples.size() > MAX_HISTORY) samples.removeFirst();
    }

    /** Scores {@code o} against the history before it, then adds it to the history. */
    PointScore score(AssetEvents.Event o, double threshold) {
        double worst = 0;
        int smallest = Integer.MAX_VALUE;
        int judged = 0;
        List<Map<String, Object>> drivers = new ArrayList<>();
        for (Map.Entry<String, Double> e : o.values().entrySet()) {
            double[] values = window(e.getKey(), o.at());
            smallest = Math.min(smallest, values.length);
            if (values.length < MIN_HISTORY) continue;
            judged++;
            Fences fences = Fences.of(method, values);
            double d = fences.distance(e.getValue());
            double score = Double.isInfinite(d) ? 1 : 1 - Math.pow(0.3, d / k);
            worst = Math.max(worst, score);
            Map<String, Object> driver = new LinkedHashMap<>();
            driver.put("name", e.getKey());
            driver.put("score", score);
            driver.put("deviations", Double.isInfinite(d) ? null : d);
            driver.put(method == Method.ZSCORE ? "mean" : "median", method == Method.IQR ? (fences.lower() + fences.upper()) / 2
                    : fences.lower());
            driver.put("spread", fences.scale());
            drivers.add(driver);
        }
        drivers.sort(Comparator.comparingDouble((Map<String, Object> d) -> (double) d.get("score")).reversed());
        o.values().forEach((metric, value) -> remember(metric, o.at(), value));
        int baseline = smallest == Integer.MAX_VALUE ? 0 : smallest;
        boolean warmingUp = judged == 0;
        return new PointScore(o.at(), worst, worst >= threshold, o.values(), drivers, baseline, warmingUp ? true : null);
    }

    /** The values of {@code metric} in [at - history, at). */
    private double[] window(String metric, Instant at) {
        ArrayDeque<Sample> samples = past.get(metric);
        if (samples == null) return new double[0];
        Instant from = at.minus(history);
        double[] out = new double[samples.size()];
        int n = 0;
        for (Sample s : samples) {
            if (!s.at().isBefore(from) && s.at().isBefore(at)) out[n++] = s.value();
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
