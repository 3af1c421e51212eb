package io.vigil.server.anomaly;

import io.vigil.engine.anomaly.Fences;
import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import io.vigil.server.assets.AssetEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
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
    private final Map<String, MetricWindow> past = new HashMap<>();

    /**
     * One metric's values in time order and the same values kept sorted (a binary insertion and
     * removal per value), so each point's fences cost O(n), not a sort.
     */
    private static final class MetricWindow {
        final ArrayDeque<Instant> times = new ArrayDeque<>();
        final ArrayDeque<Double> values = new ArrayDeque<>();
        double[] sorted = new double[64];
        int n;

        void add(Instant at, double value) {
            times.addLast(at);
            values.addLast(value);
            if (n == sorted.length) sorted = Arrays.copyOf(sorted, n * 2);
            int i = Arrays.binarySearch(sorted, 0, n, value);
            if (i < 0) i = -i - 1;
            System.arraycopy(sorted, i, sorted, i + 1, n - i);
            sorted[i] = value;
            n++;
            if (times.size() > MAX_HISTORY) removeOldest();
        }

        /** Drops the values before {@code from}. */
        void keepFrom(Instant from) {
            while (!times.isEmpty() && times.peekFirst().isBefore(from)) removeOldest();
        }

        private void removeOldest() {
            times.removeFirst();
            double value = values.removeFirst();
            int i = Arrays.binarySearch(sorted, 0, n, value);
            System.arraycopy(sorted, i + 1, sorted, i, n - i - 1);
            n--;
        }
    }

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
        if (!Double.isNaN(value)) past.computeIfAbsent(metric, m -> new MetricWindow()).add(at, value);
    }

    /** Scores {@code o} against the history before it, then adds it to the history. */
    PointScore score(AssetEvents.Event o, double threshold) {
        double worst = 0;
        int smallest = Integer.MAX_VALUE;
        int judged = 0;
        List<Map<String, Object>> drivers = new ArrayList<>();
        for (Map.Entry<String, Double> e : o.values().entrySet()) {
            MetricWindow window = past.get(e.getKey());
            if (window != null) window.keepFrom(o.at().minus(history));
            int size = window == null ? 0 : window.n;
            smallest = Math.min(smallest, size);
            if (size < MIN_HISTORY) continue;
            judged++;
            Fences fences = Fences.ofSorted(method, window.sorted, size);
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
}
