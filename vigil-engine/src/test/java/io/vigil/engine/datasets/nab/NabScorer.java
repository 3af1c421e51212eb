package io.vigil.engine.datasets.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB's scoring, rule for rule as {@code nab/sweeper.py}, {@code nab/optimizer.py} and
 * {@code nab/runner.py} (commit ea702d7) compute it:
 * <ul>
 *   <li>The first {@code min(floor(0.15 n), 750)} rows of each file are probationary: not scored.</li>
 *   <li>A point inside a window is worth {@code S(p) * tpWeight / S(-1)}, where {@code p} is its
 *       relative position, {@code -(right - i + 1) / width} ({@code -1} at the window's first row),
 *       and {@code S(x) = 2 sigmoid(-5x) - 1} ({@code -1} beyond {@code x = 3}). Only a window's
 *       best (so its earliest) detection counts; a window without one costs {@code fnWeight}.</li>
 *   <li>A detection outside every window costs {@code S(|i - prevRight| / (prevWidth - 1)) * fpWeight}
 *       after a window (less right after it), and {@code -fpWeight} before the first one.</li>
 *   <li>A point is a detection when its score is at least the threshold; the threshold is the one
 *       that maximises the sum over all files (one threshold for the corpus, per profile).</li>
 *   <li>The normalised score is {@code 100 (raw - null) / (perfect - null)}: {@code null} is the
 *       raw score of the detector that always answers 0.5 (at its own best threshold), and
 *       {@code perfect} is {@code tpWeight} times the number of windows in the labels.</li>
 * </ul>
 * A window is entered at the row whose timestamp equals its start (its end is the first row with
 * the end's timestamp), as NAB does.
 */
public final class NabScorer {

    static final double PROBATIONARY_PERCENT = 0.15;
    static final int OUTSIDE = -1;
    static final int PROBATIONARY = -2;
    /** {@code S(-1)}: the value of a detection on a window's first row, which scales true positives to 1. */
    static final double MAX_TP = scaledSigmoid(-1.0);

    private final List<NabSeries> corpus;
    /** Per series and row: the window's id across the corpus, {@link #OUTSIDE} or {@link #PROBATIONARY}. */
    private final int[][] window;
    /** Per series and row: {@code S} of its position (in a window) or of its distance past the last one. */
    private final double[][] unweighted;
    private final int scorableWindows;
    private final int labelledWindows;

    private NabScorer(List<NabSeries> corpus) {
        this.corpus = List.copyOf(corpus);
        this.window = new int[corpus.size()][];
        this.unweighted = new double[corpus.size()][];
        int ids = 0;
        int labelled = 0;
        for (int s = 0; s < corpus.size(); s++) {
            ids = sweep(s, ids);
            labelled += corpus.get(s).windows().size();
        }
        this.labelledWindows = labelled;
        boolean[] scorable = new boolean[ids];
        for (int[] rows : window) {
            for (int w : rows) {
                if (w >= 0) scorable[w] = true;
            }
        }
        int count = 0;
        for (boolean b : scorable) {
            if (b) count++;
        }
        this.scorableWindows = count;
    }

    /** Prepares the labels of these series (their windows) for scoring detectors' outputs. */
    public static NabScorer of(List<NabSeries> corpus) {
        return new NabScorer(corpus);
    }

    /** NAB's {@code scaledSigmoid}. */
    static double scaledSigmoid(double relativePosition) {
        return relativePosition > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(PROBATIONARY_PERCENT * rows), PROBATIONARY_PERCENT * 5000);
    }

    /** {@code calcSweepScore} for one series; returns the next free window id. */
    private int sweep(int s, int nextId) {
        NabSeries series = corpus.get(s);
        LocalDateTime[] times = series.timestamps();
        int n = times.length;
        int probation = probationaryLength(n);
        window[s] = new int[n];
        unweighted[s] = new double[n];
        List<LocalDateTime[]> pending = new ArrayList<>(series.windows());
        LocalDateTime[] current = null;
        int currentId = OUTSIDE;
        int right = -1;
        double width = 0;
        int prevRight = -1;
        double prevWidth = 0;
        for (int i = 0; i < n; i++) {
            if (!pending.isEmpty() && times[i].equals(pending.get(0)[0])) {
                current = pending.remove(0);
                currentId = nextId++;
                right = indexOf(times, current[1], series.name());
                width = right - indexOf(times, current[0], series.name()) + 1;
            }
            if (current != null) {
                unweighted[s][i] = scaledSigmoid(-(right - i + 1) / width);
            } else {
                unweighted[s][i] = prevRight < 0 ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
            }
            window[s][i] = i < probation ? PROBATIONARY : current != null ? currentId : OUTSIDE;
            if (current != null && times[i].equals(current[1])) {
                prevRight = i;
                prevWidth = width;
                current = null;
                currentId = OUTSIDE;
            }
        }
        return nextId;
    }

    private static int indexOf(LocalDateTime[] times, LocalDateTime t, String series) {
        for (int i = 0; i < times.length; i++) {
            if (times[i].equals(t)) return i;
        }
        throw new IllegalArgumentException(series + " has no row at the window limit " + t);
    }

    /** The windows of the labels (the perfect detector finds them all). */
    public int labelledWindows() {
        return labelledWindows;
    }

    /** The windows with at least one row after the probationary period (the ones a detector can miss). */
    public int scorableWindows() {
        return scorableWindows;
    }

    /** Scores detector outputs (one array per series, in corpus order) at the threshold best for the profile. */
    public NabResult score(List<double[]> scores, NabProfile profile) {
        return scoreAt(scores, profile, bestThreshold(scores, profile));
    }

    /** The raw corpus score of the detector that always answers 0.5, at its own best threshold. */
    public double nullScore(NabProfile profile) {
        List<double[]> half = new ArrayList<>();
        for (NabSeries s : corpus) {
            double[] constant = new double[s.size()];
            Arrays.fill(constant, 0.5);
            half.add(constant);
        }
        return scoreAt(half, profile, bestThreshold(half, profile)).raw();
    }

    /**
     * {@code calcScoreByThreshold} over the whole corpus: the points sorted by score, highest first,
     * each distinct score tried as the threshold (and 1.1, nothing detected); the highest threshold
     * among equal best sums wins, as NAB's stable sort picks it.
     */
    public double bestThreshold(List<double[]> scores, NabProfile profile) {
        check(scores);
        int total = 0;
        for (int s = 0; s < corpus.size(); s++) {
            for (int w : window[s]) {
                if (w != PROBATIONARY) total++;
            }
        }
        double[] score = new double[total];
        int[] id = new int[total];
        double[] value = new double[total];
        int k = 0;
        int maxId = -1;
        for (int s = 0; s < corpus.size(); s++) {
            for (int i = 0; i < window[s].length; i++) {
                int w = window[s][i];
                if (w == PROBATIONARY) continue;
                score[k] = scores.get(s)[i];
                id[k] = w;
                value[k] = w >= 0 ? unweighted[s][i] * profile.tpWeight() / MAX_TP : unweighted[s][i] * profile.fpWeight();
                maxId = Math.max(maxId, w);
                k++;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double[] windowBest = new double[maxId + 1];
        Arrays.fill(windowBest, -profile.fnWeight());
        double sum = -profile.fnWeight() * scorableWindows;
        double best = sum;
        double bestThreshold = 1.1;
        int i = 0;
        while (i < total) {
            double threshold = score[order[i]];
            for (; i < total && score[order[i]] == threshold; i++) {
                int p = order[i];
                if (id[p] < 0) {
                    sum += value[p];
                } else if (value[p] > windowBest[id[p]]) {
                    sum += value[p] - windowBest[id[p]];
                    windowBest[id[p]] = value[p];
                }
            }
            if (sum > best) {
                best = sum;
                bestThreshold = threshold;
            }
        }
        return bestThreshold;
    }

    /** Scores the outputs with detections at {@code score >= threshold}, file by file, normalised against the null detector. */
    public NabResult scoreAt(List<double[]> scores, NabProfile profile, double threshold) {
        check(scores);
        List<NabResult.Series> perSeries = new ArrayList<>();
        double raw = 0;
        for (int s = 0; s < corpus.size(); s++) {
            double[] out = scores.get(s);
            java.util.Map<Integer, Double> windowBest = new java.util.LinkedHashMap<>();
            double fpSum = 0;
            long falsePositives = 0;
            for (int i = 0; i < out.length; i++) {
                int w = window[s][i];
                if (w == PROBATIONARY) continue;
                if (w >= 0) windowBest.putIfAbsent(w, -profile.fnWeight());
                if (out[i] < threshold) continue;
                if (w >= 0) {
                    windowBest.merge(w, unweighted[s][i] * profile.tpWeight() / MAX_TP, Math::max);
                } else {
                    fpSum += unweighted[s][i] * profile.fpWeight();
                    falsePositives++;
                }
            }
            double seriesScore = fpSum;
            int detected = 0;
            for (double v : windowBest.values()) {
                seriesScore += v;
                if (v > -profile.fnWeight()) detected++;
            }
            raw += seriesScore;
            perSeries.add(new NabResult.Series(corpus.get(s).name(), seriesScore, detected, windowBest.size(), falsePositives));
        }
        double perfect = profile.tpWeight() * labelledWindows;
        double nullRaw = isNull(scores) ? raw : nullScore(profile);
        return new NabResult(profile, threshold, raw, 100.0 * (raw - nullRaw) / (perfect - nullRaw), List.copyOf(perSeries));
    }

    /** True for the constant outputs of the null detector itself (so that its own score needs no recursion). */
    private static boolean isNull(List<double[]> scores) {
        for (double[] out : scores) {
            for (double v : out) {
                if (v != 0.5) return false;
            }
        }
        return true;
    }

    private void check(List<double[]> scores) {
        if (scores.size() != corpus.size()) {
            throw new IllegalArgumentException(scores.size() + " score arrays for " + corpus.size() + " series");
        }
        for (int s = 0; s < corpus.size(); s++) {
            if (scores.get(s).length != corpus.get(s).size()) {
                throw new IllegalArgumentException(corpus.get(s).name() + " has " + corpus.get(s).size() + " rows, "
                        + scores.get(s).length + " scores");
            }
        }
    }
}
