package io.vigil.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Numeric summary of one column in one pass. Min/max are exact and mean/std are Welford's.
 * Quantiles and the histogram are exact for as long as possible, in three stages:
 * <ol>
 * <li>the first {@value #EXACT_CAP} values are kept in a buffer;</li>
 * <li>beyond that, while the column has at most 1,000 distinct values, the exact value counts of
 *     its {@link ValueCounter} are used (most numeric security features are low-cardinality);</li>
 * <li>otherwise a KLL sketch (DataSketches, k=400: rank error about 0.7 %, ~10 KB) takes over,
 *     seeded from the buffer or, with weights, from the last exact value counts.</li>
 * </ol>
 */
final class NumericStats {

    static final int EXACT_CAP = 16_384;
    static final int KLL_K = 400;
    static final int HISTOGRAM_BINS = 20;
    static final double[] QUANTILE_RANKS = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};
    static final String[] QUANTILE_NAMES = {"p1", "p5", "p25", "p50", "p75", "p95", "p99"};
    private static final int SKETCH_BATCH = 512;

    private enum Mode { BUFFER, COUNTS, SKETCH }

    private final ValueCounter values;
    private final NumberSyntax numbers = new NumberSyntax();
    private Mode mode = Mode.BUFFER;
    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double[] buffer = new double[16];
    private KllDoublesSketch sketch;
    private double[] batch;
    private int batched;

    /** @param values the same column's value counts, used as the exact source in stage 2 */
    NumericStats(ValueCounter values) {
        this.values = values;
    }

    void add(double value) {
        n++;
        double delta = value - mean;
        mean += delta / n;
        m2 += delta * (value - mean);
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        switch (mode) {
            case BUFFER -> buffer(value);
            case SKETCH -> sketch(value);
            case COUNTS -> {
                // nothing to do per value: the value counter holds the exact counts
            }
        }
    }

    private void buffer(double value) {
        int index = (int) n - 1;
        if (index < buffer.length) {
            buffer[index] = value;
        } else if (buffer.length < EXACT_CAP) {
            buffer = Arrays.copyOf(buffer, Math.min(EXACT_CAP, buffer.length * 2));
            buffer[index] = value;
        } else if (values.isExact()) {
            buffer = null;
            mode = Mode.COUNTS;
        } else {
            startSketch();
            sketch.update(buffer, 0, buffer.length);
            buffer = null;
            sketch(value);
        }
    }

    /**
     * The column's value counter has just switched to estimates: if we were relying on it, move
     * its last exact counts into a sketch (as weighted values) before the current value arrives.
     */
    void valueCountsBecameInexact() {
        if (mode != Mode.COUNTS) {
            return;
        }
        startSketch();
        values.forEachDropped((text, count) -> {
            if (numbers.parse(text)) {
                sketch.update(numbers.value(), count);
            }
        });
    }

    private void startSketch() {
        sketch = KllDoublesSketch.newHeapInstance(KLL_K);
        batch = new double[SKETCH_BATCH];
        mode = Mode.SKETCH;
    }

    private void sketch(double value) {
        batch[batched++] = value;
        if (batched == batch.length) {
            flush();
        }
    }

    private void flush() {
        if (batched > 0) {
            sketch.update(batch, 0, batched); // the vector update is much cheaper than one by one
            batched = 0;
        }
    }

    long count() {
        return n;
    }

    /** The summary, or null when no value was added. */
    NumericSummary summary() {
        if (n == 0) {
            return null;
        }
        double std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
        double[] edges = edges(min, max);
        Map<String, Double> quantiles = new LinkedHashMap<>();
        long[] histogram;
        if (mode == Mode.SKETCH) {
            flush();
            for (int q = 0; q < QUANTILE_RANKS.length; q++) {
                double v = sketch.getQuantile(QUANTILE_RANKS[q], QuantileSearchCriteria.INCLUSIVE);
                quantiles.put(QUANTILE_NAMES[q], Math.max(min, Math.min(max, v)));
            }
            histogram = sketchHistogram(edges);
        } else {
            WeightedValues exact = mode == Mode.BUFFER ? WeightedValues.of(buffer, (int) n) : countedValues();
            for (int q = 0; q < QUANTILE_RANKS.length; q++) {
                quantiles.put(QUANTILE_NAMES[q], exact.nearestRank(QUANTILE_RANKS[q]));
            }
            histogram = exact.histogram(edges);
        }
        return new NumericSummary(min, max, mean, std, Collections.unmodifiableMap(quantiles), mode != Mode.SKETCH,
                new Histogram(edges, histogram));
    }

    private WeightedValues countedValues() {
        List<double[]> pairs = new ArrayList<>();
        values.forEachExact((text, count) -> {
            if (numbers.parse(text)) {
                pairs.add(new double[] {numbers.value(), count});
            }
        });
        return WeightedValues.of(pairs);
    }

    /** 20 equal-width bins over [min, max]; a single bin when the range is empty or too narrow. */
    static double[] edges(double min, double max) {
        double width = (max - min) / HISTOGRAM_BINS;
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i <= HISTOGRAM_BINS; i++) {
            edges[i] = min + i * width;
        }
        edges[HISTOGRAM_BINS] = max;
        for (int i = 1; i <= HISTOGRAM_BINS; i++) {
            if (!(edges[i] > edges[i - 1])) {
                return new double[] {min, max};
            }
        }
        return edges;
    }

    /** The bin of {@code v}: [e_i, e_i+1), the last bin closed. */
    static int bin(double[] edges, double v) {
        int bins = edges.length - 1;
        int found = Arrays.binarySearch(edges, v);
        int bin = found >= 0 ? found : -found - 2; // an edge value opens its bin
        return Math.max(0, Math.min(bins - 1, bin));
    }

    private long[] sketchHistogram(double[] edges) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        if (bins == 1) {
            counts[0] = n;
            return counts;
        }
        double[] splits = Arrays.copyOfRange(edges, 1, bins);
        // EXCLUSIVE: left-closed intervals [s_i, s_i+1), the same bins as the exact histogram.
        double[] pmf = sketch.getPMF(splits, QuantileSearchCriteria.EXCLUSIVE);
        long assigned = 0;
        int largest = 0;
        for (int i = 0; i < bins; i++) {
            counts[i] = Math.round(pmf[i] * n);
            assigned += counts[i];
            if (counts[i] > counts[largest]) {
                largest = i;
            }
        }
        counts[largest] += n - assigned; // rounding remainder, so the counts sum to the count
        return counts;
    }

    /** Sorted distinct values with their counts: exact quantiles and histograms. */
    private record WeightedValues(double[] sorted, long[] weights, long total) {

        static WeightedValues of(double[] buffer, int size) {
            double[] sorted = Arrays.copyOf(buffer, size);
            Arrays.sort(sorted);
            long[] weights = new long[size];
            Arrays.fill(weights, 1);
            return new WeightedValues(sorted, weights, size);
        }

        static WeightedValues of(List<double[]> pairs) {
            pairs.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] sorted = new double[pairs.size()];
            long[] weights = new long[pairs.size()];
            long total = 0;
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = pairs.get(i)[0];
                weights[i] = (long) pairs.get(i)[1];
                total += weights[i];
            }
            return new WeightedValues(sorted, weights, total);
        }

        /**
         * The smallest value whose cumulative share reaches {@code rank} (nearest rank: the same
         * rule as KLL's INCLUSIVE search, so exact and sketched quantiles mean the same thing).
         */
        double nearestRank(double rank) {
            // 1e-9 tolerates products like 0.07 * 100 = 7.000000000000001
            long target = Math.max(1, (long) Math.ceil(rank * total - 1e-9));
            long cumulative = 0;
            for (int i = 0; i < sorted.length; i++) {
                cumulative += weights[i];
                if (cumulative >= target) {
                    return sorted[i];
                }
            }
            return sorted[sorted.length - 1];
        }

        long[] histogram(double[] edges) {
            long[] counts = new long[edges.length - 1];
            for (int i = 0; i < sorted.length; i++) {
                counts[bin(edges, sorted[i])] += weights[i];
            }
            return counts;
        }
    }
}
