package io.vigil.server.eventsearch;

import io.vigil.server.eventsearch.FeatureScales.FeatureScale;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Standardised feature vectors: per feature of the model type, in order, {@code (x - mean) / std}; a value
 * missing, not a number (a number written as a string counts as a number) or not finite is 0, the mean.
 * A feature whose standard deviation is 0 or not finite is only centred (divided by 1).
 */
final class FeatureVectors {
    private FeatureVectors() {}

    /** The standardised vector of an event's raw input. */
    static float[] of(List<FeatureScale> scales, Map<String, Object> input) {
        float[] v = new float[scales.size()];
        for (int i = 0; i < v.length; i++) {
            FeatureScale s = scales.get(i);
            double x = numberOf(input.get(s.name()));
            v[i] = Double.isNaN(x) ? 0f : standardised(s, x);
        }
        return v;
    }

    /** The standardised vector of raw values given in the order of {@code scales}. */
    static float[] ofRaw(List<FeatureScale> scales, double[] raw) {
        float[] v = new float[scales.size()];
        for (int i = 0; i < v.length; i++) v[i] = Double.isFinite(raw[i]) ? standardised(scales.get(i), raw[i]) : 0f;
        return v;
    }

    /**
     * The name of the vector field of a model type: the features' names are part of it, so vectors made for
     * one set of features are never compared with another's (a new version may read other inputs).
     */
    static String field(String modelType, List<FeatureScale> scales) {
        StringBuilder names = new StringBuilder();
        for (FeatureScale s : scales) names.append(s.name()).append('\u0000');
        long h = 1125899906842597L; // a 64-bit string hash: collisions between two feature lists of one model type are not a concern
        for (byte b : names.toString().getBytes(StandardCharsets.UTF_8)) h = 31 * h + b;
        return "fv." + modelType + "." + HexFormat.of().toHexDigits(h);
    }

    private static float standardised(FeatureScale s, double x) {
        double std = Double.isFinite(s.std()) && s.std() > 0 ? s.std() : 1;
        double mean = Double.isFinite(s.mean()) ? s.mean() : 0;
        double z = (x - mean) / std;
        return Double.isFinite(z) ? (float) z : 0f;
    }

    private static double numberOf(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : Double.NaN;
        }
        if (o instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                return Double.isFinite(d) ? d : Double.NaN;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
