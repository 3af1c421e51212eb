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
        double[] lower = state.lower();
        double[] upper = state.upper();
        double[] scale = state.scale();
        for (int c = 0; c < lower.length; c++) {
            float x = data[offset + c];
            if (Float.isNaN(x)) continue;
            double outside = x < lower[c] ? lower[c] - x : x > upper[c] ? x - upper[c] : 0;
            if (outside == 0) continue;
            double d = scale[c] > 0 ? outside / scale[c] : Double.POSITIVE_INFINITY;
            if (d > worst) worst = d;
        }
        return worst;
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
