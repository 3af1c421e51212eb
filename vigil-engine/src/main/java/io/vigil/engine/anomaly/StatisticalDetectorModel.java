package io.vigil.engine.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Scores a row by its largest per-feature distance outside [lower, upper] in units of
 * {@code scale} (a feature with zero spread counts only when it leaves its constant value).
 */
public final class StatisticalDetectorModel extends DetectorModel {
    private static final ObjectMapper JSON = ModelJson.MAPPER;

    /** Stored form. */
    record State(String algorithm, double k, double[] lower, double[] upper, double[] scale) {
    }

    private final State state;

    StatisticalDetectorModel(String algorithm, double k, double[] lower, double[] upper, double[] scale) {
        super(0.5);
        this.state = new State(algorithm, k, lower, upper, scale);
    }

    static StatisticalDetectorModel fromJson(byte[] json) {
        try {
            State s = JSON.readValue(json, State.class);
            return new StatisticalDetectorModel(s.algorithm(), s.k(), s.lower(), s.upper(), s.scale());
        } catch (IOException e) {
            throw new UncheckedIOException("not a statistical detector", e);
        }
    }

    /** The largest distance over features (0 inside the fences). */
    public double distance(float[] data, int offset) {
        double worst = 0;
        for (int c = 0; c < state.lower().length; c++) {
            worst = Math.max(worst, distance(data, offset + c, c));
        }
        return worst;
    }

    /**
     * Each feature's exact Shapley value in the score, against a row inside every fence (score 0):
     * the score is a monotone function f of the largest per-feature distance, so with the features'
     * f(distance) sorted in decreasing order v(1) >= ... >= v(n) and v(n+1) = 0, the i-th gets
     * {@code sum over j >= i of (v(j) - v(j+1)) / j}. They add up to the score; a feature inside its
     * fences gets 0.
     */
    public double[] contributions(float[] data, int offset) {
        int n = featureCount();
        double[] v = new double[n];
        for (int c = 0; c < n; c++) {
            double d = distance(data, offset + c, c);
            v[c] = Double.isInfinite(d) ? 1 : d / (d + state.k());
        }
        Integer[] order = new Integer[n];
        for (int c = 0; c < n; c++) order[c] = c;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(v[b], v[a]));
        double[] phi = new double[n];
        double share = 0; // sum over j >= i of (v(j) - v(j+1)) / j, built from the smallest up
        for (int i = n - 1; i >= 0; i--) {
            double next = i + 1 < n ? v[order[i + 1]] : 0;
            share += (v[order[i]] - next) / (i + 1);
            phi[order[i]] = share;
        }
        return phi;
    }

    /** Distance of feature {@code c} (value at {@code data[at]}) outside its fences, in scales; 0 inside. */
    private double distance(float[] data, int at, int c) {
        float x = data[at];
        if (Float.isNaN(x)) return 0;
        double outside = x < state.lower()[c] ? state.lower()[c] - x : x > state.upper()[c] ? x - state.upper()[c] : 0;
        if (outside == 0) return 0;
        return state.scale()[c] > 0 ? outside / state.scale()[c] : Double.POSITIVE_INFINITY;
    }

    @Override
    public double score(float[] data, int offset) {
        double d = distance(data, offset);
        return Double.isInfinite(d) ? 1 : d / (d + state.k());
    }

    @Override public String algorithm() { return state.algorithm(); }
    @Override public int featureCount() { return state.lower().length; }

    @Override
    public Map<String, byte[]> nativeFiles() {
        try {
            return Map.of("detector.json", JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
