package io.vigil.engine.trees;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.ModelJson;

/**
 * A {@link FlatForest} as JSON, array for array: the native file of trees Vigil did not get as
 * XGBoost JSON (Spark MLlib's, converted). Leaf values are doubles and thresholds floats, each
 * written in the shortest form that reads back to the same value, so a forest loads exactly as it
 * was built.
 */
public final class FlatForestJson {

    /** The stored form; the field names are the file's contract. */
    record Stored(int featureCount, double[] base, int[] roots, int[] group, int[] feature, float[] threshold, int[] left,
                  int[] right, int[] missing, double[] value, float[] cover) {}

    private FlatForestJson() {
    }

    public static JsonNode toJson(FlatForest f) {
        return ModelJson.MAPPER.valueToTree(new Stored(f.featureCount, f.base, f.roots, f.group, f.feature, f.threshold, f.left,
                f.right, f.missing, f.value, f.cover));
    }

    /** Reads a forest back; the constructor checks that its arrays agree. */
    public static FlatForest fromJson(JsonNode json) {
        Stored s = ModelJson.MAPPER.convertValue(json, Stored.class);
        if (s.feature() == null || s.threshold() == null || s.left() == null || s.right() == null || s.missing() == null
                || s.value() == null || s.roots() == null || s.group() == null || s.base() == null) {
            throw new IllegalArgumentException("a forest's JSON lacks one of its arrays");
        }
        int n = s.feature().length;
        for (int[] links : new int[][] {s.left(), s.right(), s.missing()}) {
            for (int i = 0; i < links.length; i++) {
                if (s.feature()[i] >= 0 && (links[i] <= i || links[i] >= n)) {
                    throw new IllegalArgumentException("node " + i + " links to node " + links[i] + " of " + n);
                }
            }
        }
        for (int root : s.roots()) {
            if (root < 0 || root >= n) throw new IllegalArgumentException("a tree's root " + root + " is not one of " + n + " nodes");
        }
        return new FlatForest(s.feature(), s.threshold(), s.left(), s.right(), s.missing(), s.value(), s.cover(), s.roots(),
                s.group(), s.base(), s.featureCount());
    }
}
