package io.vigil.engine.drift;

import java.util.Arrays;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * The statistics that compare a live distribution with its reference. Over counts in the same
 * cells (bins or categories): PSI, Jensen-Shannon distance and chi-square. Over values:
 * Kolmogorov-Smirnov (commons-statistics-inference) and the Wasserstein distance.
 */
public final class Distances {
    /** The share an empty cell is given in PSI, as Evidently does: ln(0) has no value. */
    public static final double PSI_EPSILON = 1e-4;
    /** Live values up to which Kolmogorov-Smirnov is given them as they are; above, grouped (same statistic and p-value, no sort). */
    static final int KS_RAW_VALUES = 10_000;

    private static final double LN2 = Math.log(2);
    private static final KolmogorovSmirnovTest KS = KolmogorovSmirnovTest.withDefaults();
    private static final ChiSquareTest CHI_SQUARE = ChiSquareTest.withDefaults();

    private Distances() {
    }

    /** A statistic and, for a test, its p-value (NaN for a distance). */
    public record Result(double statistic, double pValue) {
    }

    /**
     * Population stability index: the sum over cells of (live share - reference share) times
     * ln(live share / reference share), with an empty cell's share taken as {@link #PSI_EPSILON}.
     */
    public static double psi(long[] reference, long[] live) {
        double refTotal = sum(reference);
        double liveTotal = sum(live);
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = Math.max(reference[i] / refTotal, PSI_EPSILON);
            double q = Math.max(live[i] / liveTotal, PSI_EPSILON);
            psi += (q - p) * Math.log(q / p);
        }
        return psi;
    }

    /** Jensen-Shannon distance with base-2 logarithms: the square root of the divergence, from 0 (same) to 1 (disjoint). */
    public static double jensenShannon(long[] reference, long[] live) {
        double refTotal = sum(reference);
        double liveTotal = sum(live);
        double divergence = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = reference[i] / refTotal;
            double q = live[i] / liveTotal;
            double m = (p + q) / 2;
            if (p > 0) divergence += p * Math.log(p / m);
            if (q > 0) divergence += q * Math.log(q / m);
        }
        return Math.sqrt(Math.max(0, divergence / 2 / LN2));
    }

    /**
     * Pearson's chi-square test that the reference and live counts come from one distribution (a
     * 2 x cells contingency table, cells empty on both sides left out). Two samples, not a
     * goodness of fit to the reference shares as if they were exact: a reference of a few hundred
     * rows has its own noise, which a fit to its shares mistakes for drift (Evidently fits; a test
     * of the same distribution flagged one window in three). Fewer than two cells: statistic 0, p-value 1.
     */
    public static Result chiSquare(long[] reference, long[] live) {
        int cells = 0;
        for (int i = 0; i < reference.length; i++) if (reference[i] > 0 || live[i] > 0) cells++;
        if (cells < 2 || sum(live) == 0 || sum(reference) == 0) return new Result(0, 1);
        long[][] table = new long[2][cells];
        int c = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] > 0 || live[i] > 0) {
                table[0][c] = reference[i];
                table[1][c++] = live[i];
            }
        }
        SignificanceResult r = CHI_SQUARE.test(table);
        return new Result(r.getStatistic(), r.getPValue());
    }

    /**
     * Two-sample Kolmogorov-Smirnov test of the live values ({@code NaN} left out) against the
     * reference sample (ascending), by commons-statistics-inference. Past {@link #KS_RAW_VALUES}
     * live values they are grouped first: each equal to a sample value stays as it is, each between
     * two sample values becomes one value between them. The empirical distributions then differ by
     * exactly as much at every point where the statistic can be reached, so the statistic and the
     * p-value are the same, without sorting a hundred thousand values.
     */
    public static Result kolmogorovSmirnov(double[] referenceSorted, float[] live, int rows) {
        int n = 0;
        for (int r = 0; r < rows; r++) if (!Float.isNaN(live[r])) n++;
        double[] values = n <= KS_RAW_VALUES ? present(live, rows, n) : grouped(referenceSorted, live, rows, n);
        var r = KS.test(referenceSorted, values);
        return new Result(r.getStatistic(), r.getPValue());
    }

    /**
     * Wasserstein (earth mover's) distance between the reference sample (ascending) and the live
     * values ({@code NaN} left out), divided by {@code scale} (the reference's standard deviation,
     * at least 0.001, as Evidently's).
     */
    public static double wasserstein(double[] referenceSorted, float[] live, int rows, double scale) {
        int n = 0;
        for (int r = 0; r < rows; r++) if (!Float.isNaN(live[r])) n++;
        double[] other = present(live, rows, n);
        Arrays.sort(other);
        double area = 0;
        int i = 0;
        int j = 0;
        double x = Math.min(referenceSorted[0], other[0]);
        while (i < referenceSorted.length || j < other.length) {
            double next = j >= other.length || i < referenceSorted.length && referenceSorted[i] <= other[j] ? referenceSorted[i] : other[j];
            area += Math.abs((double) i / referenceSorted.length - (double) j / other.length) * (next - x);
            x = next;
            while (i < referenceSorted.length && referenceSorted[i] == x) i++;
            while (j < other.length && other[j] == x) j++;
        }
        return area / Math.max(scale, 0.001);
    }

    private static double[] present(float[] live, int rows, int n) {
        double[] out = new double[n];
        int k = 0;
        for (int r = 0; r < rows; r++) if (!Float.isNaN(live[r])) out[k++] = live[r];
        return out;
    }

    /** The live values grouped between the sample's distinct values, ascending (see {@link #kolmogorovSmirnov}). */
    private static double[] grouped(double[] referenceSorted, float[] live, int rows, int n) {
        double[] distinct = distinct(referenceSorted);
        int u = distinct.length;
        long[] slots = new long[2 * u + 1]; // 2i: below distinct[i] (and above the one before), 2i+1: equal to distinct[i]
        for (int r = 0; r < rows; r++) {
            float v = live[r];
            if (Float.isNaN(v)) continue;
            int at = Arrays.binarySearch(distinct, v);
            slots[at >= 0 ? 2 * at + 1 : 2 * (-at - 1)]++;
        }
        double[] out = new double[n];
        int k = 0;
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] == 0) continue;
            int i = s / 2;
            double value = s % 2 == 1 ? distinct[i]
                    : i == 0 ? distinct[0] - Math.max(1, Math.abs(distinct[0]))
                    : i == u ? distinct[u - 1] + Math.max(1, Math.abs(distinct[u - 1]))
                    : distinct[i - 1] + (distinct[i] - distinct[i - 1]) / 2; // floats apart: a double fits between
            Arrays.fill(out, k, k + (int) slots[s], value);
            k += (int) slots[s];
        }
        return out;
    }

    private static double[] distinct(double[] sorted) {
        double[] out = new double[sorted.length];
        int u = 0;
        for (double v : sorted) if (u == 0 || out[u - 1] != v) out[u++] = v;
        return Arrays.copyOf(out, u);
    }

    private static double sum(long[] counts) {
        double s = 0;
        for (long c : counts) s += c;
        return s;
    }
}
