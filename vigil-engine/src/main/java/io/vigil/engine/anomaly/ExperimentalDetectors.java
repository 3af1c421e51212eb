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

    /** Graded rank: records graded by how far they exceed the max, in units of (max - q). */
    public static StreamingDetector rankGraded(Raw raw, int n, int learning, int skip, double q) {
        RollingWindow past = new RollingWindow(n);
        int[] seen = {0};
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            int size = past.size();
            if (size >= learning) {
                int below = past.countBelow(r);
                double g = 0;
                if (below == size) {
                    double max = past.quantile(1.0);
                    double unit = max - past.quantile(q);
                    g = unit > 0 ? 1 - Math.exp(-(r - max) / unit) : 1;
                }
                out = (below + g) / (size + 1.0);
            }
            if (seen[0]++ >= skip) past.add(r);
            return out;
        };
    }

    /** Records (raw above the last n) scored by how their margin ranks among the margins of past records. */
    public static StreamingDetector recordRank(Raw raw, int n, int learning, int skip, int marginMemory, double q) {
        RollingWindow past = new RollingWindow(n);
        RollingWindow margins = new RollingWindow(marginMemory);
        int[] seen = {0};
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            int size = past.size();
            if (size >= learning) {
                int below = past.countBelow(r);
                if (below == size) {
                    double max = past.quantile(1.0);
                    double unit = max - past.quantile(q);
                    double margin = unit > 0 ? (r - max) / unit : 1e9;
                    int m = margins.size();
                    out = 0.5 + 0.5 * (margins.countBelow(margin) + 1.0) / (m + 1.0);
                    margins.add(margin);
                } else {
                    out = 0.5 * below / size;
                }
            }
            if (seen[0]++ >= skip) past.add(r);
            return out;
        };
    }

    /** Scores a raw surprise by how many points ago a surprise at least as large was seen (log scale, up to memory). */
    public static StreamingDetector age(Raw raw, int memory, int learning, int skip) {
        java.util.ArrayDeque<double[]> stack = new java.util.ArrayDeque<>(); // {index, raw}, raws decreasing from bottom to top
        long[] seen = {0};
        double norm = Math.log1p(memory);
        return (t, x) -> {
            double r = raw.surprise(t, x);
            long i = seen[0]++;
            while (!stack.isEmpty() && stack.peekFirst()[0] < i - memory) stack.pollFirst();
            double out = 0;
            if (i >= learning) {
                long age = Math.min(i - skip, memory);
                for (java.util.Iterator<double[]> it = stack.descendingIterator(); it.hasNext(); ) {
                    double[] e = it.next();
                    if (e[1] >= r) { age = i - (long) e[0]; break; }
                }
                out = Math.log1p(Math.max(0, age)) / norm;
            }
            if (i >= skip) {
                while (!stack.isEmpty() && stack.peekLast()[1] <= r) stack.pollLast();
                stack.addLast(new double[] {i, r});
            }
            return Math.min(1, out);
        };
    }

    /** After a score of at least level, the next r scores are 0 (KNN CAD's rest period). */
    public static StreamingDetector rest(StreamingDetector d, double level, int r) {
        int[] left = {0};
        return (t, x) -> {
            double s = d.score(t, x);
            if (left[0] > 0) {
                left[0]--;
                return 0;
            }
            if (s >= level) left[0] = r;
            return s;
        };
    }

    /** Residual from the best of: long-run median, daily profile, weekly profile; smoothed over b; robust z vs history. */
    public static Raw adaptive(int b, int w, double alpha, double errAlpha, int dayBins, boolean weekly) {
        return new Raw() {
            final RollingWindow values = new RollingWindow(w);
            final double[] dayMean = new double[dayBins];
            final int[] dayCount = new int[dayBins];
            final double[] weekMean = new double[7 * 24];
            final int[] weekCount = new int[7 * 24];
            final double[] err = new double[3];
            final int[] errCount = new int[3];
            final double[] ring = new double[b];
            final RollingWindow smoothed = new RollingWindow(w);
            int n;
            double sum;

            @Override
            public double surprise(long t, double x) {
                long minute = Math.floorDiv(t, 60000L);
                int dayBin = (int) (Math.floorMod(minute, 1440L) * dayBins / 1440);
                int weekBin = (int) (Math.floorMod(minute / 60 + 72, 168L)); // epoch day 0 is a Thursday: shift to Monday 0
                double[] pred = new double[3];
                boolean[] valid = new boolean[3];
                if (values.size() >= 10) { pred[0] = values.quantile(0.5); valid[0] = true; }
                if (dayCount[dayBin] >= 2) { pred[1] = dayMean[dayBin]; valid[1] = true; }
                if (weekly && weekCount[weekBin] >= 2) { pred[2] = weekMean[weekBin]; valid[2] = true; }
                int best = -1;
                for (int k = 0; k < 3; k++) {
                    if (valid[k] && errCount[k] >= 50 && (best < 0 || err[k] < err[best])) best = k;
                }
                if (best < 0 && valid[0]) best = 0;
                double residual = best < 0 ? 0 : x - pred[best];
                for (int k = 0; k < 3; k++) {
                    if (valid[k]) {
                        double e = Math.abs(x - pred[k]);
                        err[k] = errCount[k] == 0 ? e : err[k] + errAlpha * (e - err[k]);
                        errCount[k]++;
                    }
                }
                values.add(x);
                dayMean[dayBin] = dayCount[dayBin] == 0 ? x : dayMean[dayBin] + alpha * (x - dayMean[dayBin]);
                dayCount[dayBin]++;
                weekMean[weekBin] = weekCount[weekBin] == 0 ? x : weekMean[weekBin] + alpha * (x - weekMean[weekBin]);
                weekCount[weekBin]++;
                sum += residual - ring[n % b];
                ring[n % b] = residual;
                n++;
                if (n < b) return 0;
                double m = sum / b;
                double r = 0;
                if (smoothed.size() >= 2 * b) {
                    double med = smoothed.quantile(0.5);
                    double s = 1.4826 * smoothed.medianAbsoluteDeviation(med);
                    if (s == 0) s = 1.2533 * smoothed.meanAbsoluteDeviation(med);
                    r = s > 0 ? Math.abs(m - med) / s : (m == med ? 0 : 10);
                }
                smoothed.add(m);
                return r;
            }
        };
    }

    /** Mean of the ranks of one raw surprise among its last n1 and last n2 values. */
    public static StreamingDetector twoRanks(Raw raw, int n1, int n2, int learning, int skip, double w1) {
        RollingWindow a = new RollingWindow(n1);
        RollingWindow b = new RollingWindow(n2);
        int[] seen = {0};
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            if (a.size() >= learning) {
                out = w1 * a.countBelow(r) / a.size() + (1 - w1) * b.countBelow(r) / b.size();
            }
            if (seen[0]++ >= skip) { a.add(r); b.add(r); }
            return out;
        };
    }

    /** Rank of the raw among the last n as a normal score (probit), a Raw itself. */
    public static Raw probitRank(Raw raw, int n, int learning, int skip) {
        RollingWindow past = new RollingWindow(n);
        int[] seen = {0};
        org.apache.commons.statistics.distribution.NormalDistribution normal = org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1);
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double z = 0;
            if (past.size() >= learning) {
                double u = (past.countBelow(r) + 0.5) / (past.size() + 1.0);
                z = normal.inverseCumulativeProbability(u);
            }
            if (seen[0]++ >= skip) past.add(r);
            return z;
        };
    }

    /** The largest of several likelihoods over different averaging lengths. */
    public static StreamingDetector multiLikelihood(Raw raw, int historic, int learning, double minSd, int... averaging) {
        AnomalyLikelihood[] ls = new AnomalyLikelihood[averaging.length];
        for (int i = 0; i < ls.length; i++) ls[i] = new AnomalyLikelihood(averaging[i], historic, learning, minSd);
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            for (AnomalyLikelihood l : ls) out = Math.max(out, l.update(r));
            return out;
        };
    }

    /** Sum of raws (e.g. probit ranks): Stouffer's combination. */
    public static Raw sum(Raw... raws) {
        return (t, x) -> {
            double total = 0;
            for (Raw r : raws) total += r.surprise(t, x);
            return total;
        };
    }

    /** Max of raws. */
    public static Raw max(Raw... raws) {
        return (t, x) -> {
            double m = Double.NEGATIVE_INFINITY;
            for (Raw r : raws) m = Math.max(m, r.surprise(t, x));
            return m;
        };
    }

    /** rankSkip, halved unless the raw itself is at least c. */
    public static StreamingDetector rankFloor(Raw raw, int n, int learning, int skip, double c) {
        RollingWindow past = new RollingWindow(n);
        int[] seen = {0};
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            if (past.size() >= learning) out = (double) past.countBelow(r) / past.size();
            if (r < c) out *= 0.5;
            if (seen[0]++ >= skip) past.add(r);
            return out;
        };
    }

    /** rank times raw/(raw+c): records graded by their size. */
    public static StreamingDetector rankTimesSize(Raw raw, int n, int learning, int skip, double c, double power) {
        RollingWindow past = new RollingWindow(n);
        int[] seen = {0};
        return (t, x) -> {
            double r = raw.surprise(t, x);
            double out = 0;
            if (past.size() >= learning) out = Math.pow((double) past.countBelow(r) / past.size(), power) * r / (r + c);
            if (seen[0]++ >= skip) past.add(r);
            return out;
        };
    }

    /** The largest score of several detectors. */
    public static StreamingDetector maxOf(StreamingDetector... ds) {
        return (t, x) -> {
            double m = 0;
            for (StreamingDetector d : ds) m = Math.max(m, d.score(t, x));
            return m;
        };
    }
}
