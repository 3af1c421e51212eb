package io.vigil.engine.drift;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A numeric input's reference distribution, compact: quantile bins with their counts (for PSI and
 * Jensen-Shannon), the missing count, min, max, mean and standard deviation, and a uniform sample
 * of the values (for Kolmogorov-Smirnov and Wasserstein) kept as distinct values with counts.
 *
 * <p>Values are kept as {@code float}s: the prediction log stores live inputs as {@code real}, and a
 * reference value of 0.1 as a double would sit just below the same value read back as a float,
 * which turns every tie into a difference. Bin {@code i} holds the values {@code v} with
 * {@code edges[i-1] < v <= edges[i]}; the first bin is open below, the last open above.
 *
 * @param edges        the bins' upper bounds but the last's, ascending, distinct
 * @param counts       reference values per bin ({@code edges.length + 1} bins)
 * @param missing      reference rows without a value
 * @param distinct     distinct reference values (few of them: the input is judged like a category)
 * @param sampleValues the sample's distinct values, ascending
 * @param sampleCounts how many times each sample value was drawn
 */
public record NumericSketch(float[] edges, long[] counts, long missing, long distinct, float min, float max, double mean, double std,
                            float[] sampleValues, int[] sampleCounts) {

    /**
     * Sketches {@code values} (NaN is missing): at most {@code bins} equal-frequency bins (fewer
     * when values repeat), and a reservoir sample of at most {@code sampleSize} values drawn with {@code seed}.
     */
    public static NumericSketch of(double[] values, int bins, int sampleSize, long seed) {
        float[] present = new float[values.length];
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) present[n++] = (float) v;
        }
        long missing = values.length - n;
        float[] sample = reservoir(present, n, sampleSize, seed);
        float[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        float[] edges = quantileEdges(sorted, bins);
        long[] counts = new long[edges.length + 1];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            counts[bin(edges, sorted[i])]++;
            sum += sorted[i];
        }
        long distinct = 0;
        for (int i = 0; i < n; i++) distinct += i == 0 || sorted[i] != sorted[i - 1] ? 1 : 0;
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) squares += (sorted[i] - mean) * (sorted[i] - mean);
        Arrays.sort(sample);
        int kept = 0;
        float[] sampleValues = new float[sample.length];
        int[] sampleCounts = new int[sample.length];
        for (float v : sample) {
            if (kept > 0 && sampleValues[kept - 1] == v) {
                sampleCounts[kept - 1]++;
            } else {
                sampleValues[kept] = v;
                sampleCounts[kept++] = 1;
            }
        }
        return new NumericSketch(edges, counts, missing, distinct, n == 0 ? Float.NaN : sorted[0], n == 0 ? Float.NaN : sorted[n - 1], mean,
                n == 0 ? 0 : Math.sqrt(squares / n), Arrays.copyOf(sampleValues, kept), Arrays.copyOf(sampleCounts, kept));
    }

    /** Reference values that are present. */
    public long count() {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    /** The bin of value {@code v}: the first whose upper bound is at least {@code v}. */
    public int bin(float v) {
        return bin(edges, v);
    }

    /** The sample, expanded, ascending. */
    public double[] sample() {
        int n = 0;
        for (int c : sampleCounts) n += c;
        double[] out = new double[n];
        int at = 0;
        for (int i = 0; i < sampleValues.length; i++) {
            Arrays.fill(out, at, at + sampleCounts[i], sampleValues[i]);
            at += sampleCounts[i];
        }
        return out;
    }

    /** The sample's size. */
    public int sampleSize() {
        int n = 0;
        for (int c : sampleCounts) n += c;
        return n;
    }

    /** Refuses a sketch whose parts do not fit together (a damaged or hand-made profile). */
    void check(String what) {
        require(edges != null && counts != null && sampleValues != null && sampleCounts != null, what + " lacks bins or sample");
        require(counts.length == edges.length + 1, what + " has " + counts.length + " bin counts for " + edges.length + " edges");
        for (int i = 0; i < edges.length; i++) {
            require(Float.isFinite(edges[i]) && (i == 0 || edges[i - 1] < edges[i]), what + "'s bin edges are not finite and ascending");
        }
        for (long c : counts) require(c >= 0, what + " has a negative bin count");
        require(missing >= 0 && distinct >= 0, what + " has a negative missing or distinct count");
        require(sampleValues.length == sampleCounts.length, what + "'s sample values and counts differ in length");
        for (int i = 0; i < sampleValues.length; i++) {
            require(Float.isFinite(sampleValues[i]) && (i == 0 || sampleValues[i - 1] < sampleValues[i]) && sampleCounts[i] > 0,
                    what + "'s sample is not ascending distinct values with positive counts");
        }
        require(Double.isFinite(std) && std >= 0, what + " has an invalid standard deviation");
    }

    static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    static int bin(float[] edges, float v) {
        int lo = 0;
        int hi = edges.length; // the answer is in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] >= v) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /**
     * Upper bounds at the {@code 1/bins ... (bins-1)/bins} quantiles, each once, below the maximum
     * (so that no reference bin is empty: the last bin holds the maximum).
     */
    private static float[] quantileEdges(float[] sorted, int bins) {
        int n = sorted.length;
        float[] edges = new float[Math.max(0, bins - 1)];
        int k = 0;
        for (int i = 1; i < bins && n > 0; i++) {
            float q = sorted[(int) Math.min(n - 1, (long) i * n / bins)];
            if (q < sorted[n - 1] && (k == 0 || edges[k - 1] < q)) edges[k++] = q;
        }
        return Arrays.copyOf(edges, k);
    }

    /** Algorithm R: a uniform sample of at most {@code size} of the first {@code n} values. */
    private static float[] reservoir(float[] values, int n, int size, long seed) {
        if (n <= size) return Arrays.copyOf(values, n);
        float[] sample = Arrays.copyOf(values, size);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size; i < n; i++) {
            int j = random.nextInt(i + 1);
            if (j < size) sample[j] = values[i];
        }
        return sample;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericSketch s && Arrays.equals(edges, s.edges) && Arrays.equals(counts, s.counts) && missing == s.missing
                && distinct == s.distinct && Float.compare(min, s.min) == 0 && Float.compare(max, s.max) == 0 && Double.compare(mean, s.mean) == 0
                && Double.compare(std, s.std) == 0 && Arrays.equals(sampleValues, s.sampleValues) && Arrays.equals(sampleCounts, s.sampleCounts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Arrays.hashCode(sampleValues);
    }

    @Override
    public String toString() {
        return "NumericSketch[" + (edges.length + 1) + " bins, " + count() + " values, " + missing + " missing, min " + min + ", max " + max + "]";
    }
}
