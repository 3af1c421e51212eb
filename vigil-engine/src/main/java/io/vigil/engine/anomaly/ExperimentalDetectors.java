package io.vigil.engine.anomaly;

import java.util.function.DoubleUnaryOperator;

/** Scratch: building blocks under evaluation on NAB (to be replaced by the chosen design). */
public final class ExperimentalDetectors {

    private ExperimentalDetectors() {
    }

    /** A raw surprise of a value given the history (before it joins). */
    public interface Raw {
        double surprise(long t, double x);
    }

    /** |x - mean| / sd over the last w values. */
    public static Raw zscore(int w) {
        RollingWindow h = new RollingWindow(w);
        return (t, x) -> {
            double d = 0;
            if (h.size() >= 10) {
                double sd = h.sd();
                d = sd > 0 ? Math.abs(x - h.mean()) / sd : (x == h.mean() ? 0 : 10);
            }
            h.add(x);
            return d;
        };
    }

    /** robust: |x - median| / mad-scale. */
    public static Raw mad(int w) {
        RollingWindow h = new RollingWindow(w);
        return (t, x) -> {
            double d = 0;
            if (h.size() >= 10) {
                double m = h.quantile(0.5);
                double s = 1.4826 * h.medianAbsoluteDeviation(m);
                if (s == 0) s = 1.2533 * h.meanAbsoluteDeviation(m);
                d = s > 0 ? Math.abs(x - m) / s : (x == m ? 0 : 10);
            }
            h.add(x);
            return d;
        };
    }

    public static StreamingDetector likelihood(Raw raw, int averaging, int historic, int learning, double minSd,
                                               DoubleUnaryOperator transform) {
        AnomalyLikelihood l = new AnomalyLikelihood(averaging, historic, learning, minSd);
        return (t, x) -> l.update(transform.applyAsDouble(raw.surprise(t, x)));
    }

    /** Outputs a score only when it is the highest of the last r scores; otherwise 0. */
    public static StreamingDetector quiet(StreamingDetector d, int r) {
        RollingWindow recent = new RollingWindow(Math.max(2, r));
        return (t, x) -> {
            double s = d.score(t, x);
            double out = recent.size() == 0 || s > recent.quantile(1.0) ? s : 0;
            recent.add(s);
            return out;
        };
    }

    /** kNN distance of the window of the last d values (scaled by a robust spread of the last w values) to the last m windows. */
    public static Raw knn(int d, int m, int k, int w, int gap) {
        return new Raw() {
            final double[] last = new double[d];
            final double[] store = new double[m * d];
            int stored;
            int nextSlot;
            int seen;
            final RollingWindow spread = new RollingWindow(w);
            final double[] best = new double[k];

            @Override
            public double surprise(long t, double x) {
                System.arraycopy(last, 1, last, 0, d - 1);
                last[d - 1] = x;
                seen++;
                double result = 0;
                if (spread.size() >= 10 && seen >= d) {
                    double q1 = spread.quantile(0.25), q3 = spread.quantile(0.75);
                    double s = q3 - q1;
                    if (s <= 0) s = spread.sd();
                    if (s <= 0) s = 1e-9 + Math.abs(spread.mean()) * 1e-6;
                    int usable = Math.max(0, stored - gap);
                    if (usable >= k) {
                        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
                        for (int j = 0; j < usable; j++) {
                            int slot = Math.floorMod(nextSlot - 1 - gap - j, m);
                            int off = slot * d;
                            double dist = 0;
                            for (int i = 0; i < d && dist < best[k - 1]; i++) {
                                double diff = store[off + i] - last[i];
                                dist += diff * diff;
                            }
                            if (dist < best[k - 1]) {
                                int i = k - 1;
                                while (i > 0 && best[i - 1] > dist) { best[i] = best[i - 1]; i--; }
                                best[i] = dist;
                            }
                        }
                        double sum = 0;
                        for (double b : best) sum += b;
                        result = Math.sqrt(sum / k / d) / s;
                    }
                }
                spread.add(x);
                if (seen >= d) {
                    System.arraycopy(last, 0, store, nextSlot * d, d);
                    nextSlot = (nextSlot + 1) % m;
                    stored = Math.min(stored + 1, m);
                }
                return result;
            }
        };
    }

    /** Conformal rank of the raw surprise among the last n raw surprises. */
    public static StreamingDetector rank(Raw raw, int n, int learning) {
        RollingWindow past = new RollingWindow(n);
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            if (past.size() >= learning) {
                out = (double) past.countBelow(r) / past.size();
            }
            past.add(r);
            return out;
        };
    }

    /** Tail probability of the raw surprise among the last n (empirical, exponential beyond the top share), log-scaled. */
    public static StreamingDetector tail(Raw raw, int n, int learning, double topShare, DoubleUnaryOperator transform) {
        RollingWindow past = new RollingWindow(n);
        return (t, x) -> {
            double r = transform.applyAsDouble(raw.surprise(t, x));
            double out = 0;
            if (past.size() >= learning) {
                out = AnomalyLikelihood.logScaled(tailProbability(past, r, topShare));
            }
            past.add(r);
            return out;
        };
    }

    static double tailProbability(RollingWindow past, double r, double topShare) {
        int size = past.size();
        int m = Math.max(5, (int) Math.round(topShare * size));
        double u = past.quantile(1.0 - (double) m / size);
        if (r <= u) {
            int atLeast = 0;
            for (int i = 0; i < size; i++) if (past.get(i) >= r) atLeast++;
            return (double) atLeast / size;
        }
        double excess = 0;
        for (int i = 0; i < m; i++) excess += past.quantile((double) (size - 1 - i) / (size - 1)) - u;
        double beta = excess / m;
        if (beta <= 0) return 0;
        return (double) m / size * Math.exp(-(r - u) / beta);
    }

    /** |x - profile(time of day)| / profile deviation, EWMA per bin of the day. */
    public static Raw seasonal(int binMinutes, double alpha, int minCount) {
        int bins = 24 * 60 / binMinutes;
        double[] mean = new double[bins];
        double[] dev = new double[bins];
        int[] count = new int[bins];
        RollingWindow global = new RollingWindow(2000);
        return (t, x) -> {
            int b = (int) ((t / 60000L % (24 * 60)) / binMinutes);
            double r = 0;
            if (count[b] >= minCount && global.size() >= 10) {
                double floor = 0.1 * (global.quantile(0.75) - global.quantile(0.25)) + 1e-9;
                r = Math.abs(x - mean[b]) / Math.max(dev[b], floor);
            }
            if (count[b] == 0) {
                mean[b] = x;
                dev[b] = 0;
            } else {
                double e = Math.abs(x - mean[b]);
                mean[b] += alpha * (x - mean[b]);
                dev[b] += alpha * (e - dev[b]);
            }
            count[b]++;
            global.add(x);
            return r;
        };
    }

    /** Robust z of the mean of the last b values against the history of such means. */
    public static Raw level(int b, int w) {
        double[] ring = new double[b];
        RollingWindow means = new RollingWindow(w);
        return new Raw() {
            int n;
            double sum;

            @Override
            public double surprise(long t, double x) {
                sum += x - ring[n % b];
                ring[n % b] = x;
                n++;
                if (n < b) return 0;
                double m = sum / b;
                double r = 0;
                if (means.size() >= 2 * b) {
                    double med = means.quantile(0.5);
                    double s = 1.4826 * means.medianAbsoluteDeviation(med);
                    if (s == 0) s = 1.2533 * means.meanAbsoluteDeviation(med);
                    r = s > 0 ? Math.abs(m - med) / s : (m == med ? 0 : 10);
                }
                means.add(m);
                return r;
            }
        };
    }

    /** The largest of the ranks of several raw surprises (each among its own last n). */
    public static StreamingDetector maxRank(int n, int learning, Raw... raws) {
        RollingWindow[] past = new RollingWindow[raws.length];
        for (int i = 0; i < raws.length; i++) past[i] = new RollingWindow(n);
        return (t, x) -> {
            double out = 0;
            for (int i = 0; i < raws.length; i++) {
                double r = raws[i].surprise(t, x);
                if (past[i].size() >= learning) out = Math.max(out, (double) past[i].countBelow(r) / past[i].size());
                past[i].add(r);
            }
            return out;
        };
    }

    /** Rank among the last n raws, raws of the first skip points never remembered. */
    public static StreamingDetector rankSkip(Raw raw, int n, int learning, int skip) {
        RollingWindow past = new RollingWindow(n);
        int[] seen = {0};
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            if (past.size() >= learning) out = (double) past.countBelow(r) / past.size();
            if (seen[0]++ >= skip) past.add(r);
            return out;
        };
    }
}
