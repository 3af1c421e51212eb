package io.vigil.engine.trees;

/**
 * A tree ensemble compiled into flat primitive arrays, one slot per node across all trees:
 * no object per node, no allocation per prediction. A row walks each tree from its root:
 * {@code x < threshold} goes left, otherwise right, a missing value (NaN) follows the node's
 * learned default. The leaf values of the trees in each output group are summed onto that
 * group's base margin.
 *
 * <p>Built by {@link XGBoostJsonCompiler} (gradient boosting, random forest) and by the
 * isolation forest, which stores path lengths in its leaves.
 */
public final class FlatForest {
    final int[] feature;      // split feature, or -1 at a leaf
    final float[] threshold;  // split value (float, exactly as XGBoost compares)
    final int[] left;
    final int[] right;
    final int[] missing;      // child taken when the feature is NaN
    final double[] value;     // leaf value (0 at inner nodes); XGBoost's are floats, Spark's doubles, kept exact
    final float[] cover;      // training weight (hessian sum) reaching the node, for TreeSHAP
    final int[] roots;
    final int[] group;        // output each tree adds to
    final double[] base;      // base margin per output
    final int featureCount;
    private final CompleteTrees complete; // branch-free layout, null when trees are too deep

    public FlatForest(int[] feature, float[] threshold, int[] left, int[] right, int[] missing, float[] value, float[] cover,
                      int[] roots, int[] group, double[] base, int featureCount) {
        this(feature, threshold, left, right, missing, widened(value), cover, roots, group, base, featureCount);
    }

    /** Leaf values in double precision: trees trained in doubles (Spark MLlib's) score exactly as their library does. */
    public FlatForest(int[] feature, float[] threshold, int[] left, int[] right, int[] missing, double[] value, float[] cover,
                      int[] roots, int[] group, double[] base, int featureCount) {
        int n = feature.length;
        if (threshold.length != n || left.length != n || right.length != n || missing.length != n || value.length != n
                || (cover != null && cover.length != n)) {
            throw new IllegalArgumentException("node arrays differ in length");
        }
        if (roots.length != group.length) throw new IllegalArgumentException("one group per tree expected");
        for (int g : group) if (g < 0 || g >= base.length) throw new IllegalArgumentException("tree group " + g + " out of range");
        for (int i = 0; i < n; i++) {
            if (feature[i] >= featureCount) {
                throw new IllegalArgumentException("node " + i + " splits on feature " + feature[i] + " of " + featureCount);
            }
        }
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.missing = missing;
        this.value = value;
        this.cover = cover;
        this.roots = roots;
        this.group = group;
        this.base = base;
        this.featureCount = featureCount;
        this.complete = CompleteTrees.of(this);
    }

    private static double[] widened(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    public int treeCount() {
        return roots.length;
    }

    public int nodeCount() {
        return feature.length;
    }

    public int outputCount() {
        return base.length;
    }

    public int featureCount() {
        return featureCount;
    }

    /** Sums the trees for the row at {@code data[offset]} into {@code out} (length {@link #outputCount()}). */
    public void predict(float[] data, int offset, double[] out) {
        if (base.length == 1) {
            out[0] = predictOne(data, offset);
            return;
        }
        System.arraycopy(base, 0, out, 0, base.length);
        CompleteTrees c = complete;
        if (c != null) {
            c.accumulate(c.keys(data, offset), out);
            return;
        }
        for (int t = 0; t < roots.length; t++) out[group[t]] += value[leaf(t, data, offset)];
    }

    /** Margin of a single-output forest, allocation-free. */
    public double predictOne(float[] data, int offset) {
        double sum = base[0];
        CompleteTrees c = complete;
        if (c != null) {
            sum += c.sum(c.keys(data, offset));
        } else {
            for (int t = 0; t < roots.length; t++) sum += value[leaf(t, data, offset)];
        }
        return sum;
    }

    /**
     * Single-output margins for {@code rows} consecutive rows starting at row {@code from} into {@code out[from..]}.
     * Row by row through {@link #predictOne}: a loop with its own key array measured 10-20% slower.
     */
    public void predictBlock(float[] data, int cols, int from, int rows, double[] out) {
        for (int r = from; r < from + rows; r++) out[r] = predictOne(data, r * cols);
    }

    /** Index of the leaf the row reaches in tree {@code t}. */
    public int leaf(int t, float[] data, int offset) {
        int n = roots[t];
        int f;
        while ((f = feature[n]) >= 0) {
            float x = data[offset + f];
            n = x < threshold[n] ? left[n] : (x >= threshold[n] ? right[n] : missing[n]);
        }
        return n;
    }

    public boolean hasCover() {
        return cover != null;
    }

    // read access for explanation code (TreeSHAP walks the same arrays)
    public int root(int tree) { return roots[tree]; }
    public int group(int tree) { return group[tree]; }
    public double base(int output) { return base[output]; }
    public int feature(int node) { return feature[node]; }
    public float threshold(int node) { return threshold[node]; }
    public int left(int node) { return left[node]; }
    public int right(int node) { return right[node]; }
    public int missingChild(int node) { return missing[node]; }
    public double value(int node) { return value[node]; }
    public float cover(int node) { return cover[node]; }

    /** The child a value takes at inner node {@code node}. */
    public int next(int node, float x) {
        return x < threshold[node] ? left[node] : (x >= threshold[node] ? right[node] : missing[node]);
    }
}
