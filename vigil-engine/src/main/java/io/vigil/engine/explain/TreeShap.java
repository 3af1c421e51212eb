package io.vigil.engine.explain;

import io.vigil.engine.trees.FlatForest;

/**
 * Exact TreeSHAP (Lundberg, Erion, Lee 2018, Algorithm 2) over a {@link FlatForest}: the
 * contribution of each feature to one row's margin, with node covers (training hessian sums)
 * standing in for the data distribution, as XGBoost's {@code predictContrib} does.
 * Contributions plus the bias (expected margin) equal the margin.
 *
 * <p>{@link #contributions} reads them from {@link LeafShapTables} (the same values, about four
 * times faster on 100 trees of depth 6), built on the first call; forests whose tables would be too
 * large are explained by the recursion, which {@link #recursive} also exposes for tests.
 */
public final class TreeShap {
    private static final Object NO_TABLES = new Object();

    private final FlatForest forest;
    private final double[] expectedValue; // per tree: cover-weighted mean leaf value
    private final int deepest;            // the deepest tree's depth
    /**
     * 1/k for k up to the deepest path: the recursion divides by small integers at every step of
     * every path, and a division costs several multiplications (about a third of its time).
     */
    private final double[] reciprocal;
    // built on the first explanation, not with the model: a deployed model that is never asked to
    // explain should not carry tables of several MB
    private volatile Object tables;

    public TreeShap(FlatForest forest) {
        if (!forest.hasCover()) throw new IllegalArgumentException("TreeSHAP needs node covers; this forest has none");
        this.forest = forest;
        int trees = forest.treeCount();
        expectedValue = new double[trees];
        int deepest = 0;
        for (int t = 0; t < trees; t++) {
            expectedValue[t] = meanValue(forest.root(t));
            deepest = Math.max(deepest, depth(forest.root(t)));
        }
        this.deepest = deepest;
        reciprocal = new double[deepest + 3];
        for (int k = 1; k < reciprocal.length; k++) reciprocal[k] = 1.0 / k;
    }

    private LeafShapTables tables() {
        Object t = tables;
        if (t == null) {
            synchronized (this) {
                t = tables;
                if (t == null) {
                    LeafShapTables built = LeafShapTables.of(forest);
                    tables = t = built != null ? built : NO_TABLES;
                }
            }
        }
        return t instanceof LeafShapTables l ? l : null;
    }

    /** Heap taken by the per-leaf tables: 0 until the first explanation builds them (or when the recursion is used). */
    public long tableBytes() {
        return tables instanceof LeafShapTables l ? l.bytes() : 0;
    }

    /**
     * Contributions of every feature to output {@code output} for the row at {@code data[offset]}:
     * an array of {@code featureCount + 1} values, the last being the bias.
     */
    public double[] contributions(float[] data, int offset, int output) {
        int features = forest.featureCount();
        double[] phi = new double[features + 1];
        phi[features] = forest.base(output);
        LeafShapTables tables = tables();
        if (tables != null) {
            for (int t = 0; t < forest.treeCount(); t++) {
                if (forest.group(t) != output) continue;
                phi[features] += expectedValue[t];
                tables.add(t, data, offset, phi);
            }
            return phi;
        }
        return recursive(data, offset, output, phi);
    }

    /** The same contributions by the paper's recursion: the reference, and the way for very deep trees. */
    double[] recursive(float[] data, int offset, int output) {
        int features = forest.featureCount();
        double[] phi = new double[features + 1];
        phi[features] = forest.base(output);
        return recursive(data, offset, output, phi);
    }

    private double[] recursive(float[] data, int offset, int output, double[] phi) {
        int features = forest.featureCount();
        int maxd = deepest + 2;
        Path path = new Path(maxd * (maxd + 1) / 2); // one for all trees: each starts from an empty path
        for (int t = 0; t < forest.treeCount(); t++) {
            if (forest.group(t) != output) continue;
            phi[features] += expectedValue[t];
            recurse(data, offset, phi, forest.root(t), 0, path, 0, 1, 1, -1);
        }
        return phi;
    }

    /** Growable-free storage of the nested unique paths (one slice per recursion level). */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Path(int size) {
            feature = new int[size];
            zero = new double[size];
            one = new double[size];
            weight = new double[size];
        }
    }

    private void recurse(float[] data, int offset, double[] phi, int node, int depth, Path p, int parentStart,
                         double parentZero, double parentOne, int parentFeature) {
        // this level's path is a copy of the parent's, placed right after it
        int start = parentStart + depth; // parentStart + (depth - 1) + 1 elements used by parent
        if (depth == 0) start = 0;
        else {
            for (int i = 0; i < depth; i++) { // a few elements: a loop beats four arraycopy calls
                p.feature[start + i] = p.feature[parentStart + i];
                p.zero[start + i] = p.zero[parentStart + i];
                p.one[start + i] = p.one[parentStart + i];
                p.weight[start + i] = p.weight[parentStart + i];
            }
        }
        extend(p, start, depth, parentZero, parentOne, parentFeature);

        int split = forest.feature(node);
        if (split < 0) {
            double leaf = forest.value(node);
            for (int i = 1; i <= depth; i++) {
                double w = unwoundSum(p, start, depth, i);
                phi[p.feature[start + i]] += w * (p.one[start + i] - p.zero[start + i]) * leaf;
            }
            return;
        }
        int hot = forest.next(node, data[offset + split]);
        int cold = hot == forest.left(node) ? forest.right(node) : forest.left(node);
        double w = forest.cover(node);
        double hotZero = forest.cover(hot) / w;
        double coldZero = forest.cover(cold) / w;
        double incomingZero = 1;
        double incomingOne = 1;
        int pathIndex = 0;
        for (; pathIndex <= depth; pathIndex++) if (p.feature[start + pathIndex] == split) break;
        int uniqueDepth = depth;
        if (pathIndex != depth + 1) {
            incomingZero = p.zero[start + pathIndex];
            incomingOne = p.one[start + pathIndex];
            unwind(p, start, uniqueDepth, pathIndex);
            uniqueDepth -= 1;
        }
        recurse(data, offset, phi, hot, uniqueDepth + 1, p, start, hotZero * incomingZero, incomingOne, split);
        recurse(data, offset, phi, cold, uniqueDepth + 1, p, start, coldZero * incomingZero, 0, split);
    }

    // The "one" fractions are 0 or 1 here (a row either takes a node's branch or not), so the paper's
    // divisions by "one" are left out where it is known to be 1.

    private void extend(Path p, int s, int depth, double zero, double one, int feature) {
        p.feature[s + depth] = feature;
        p.zero[s + depth] = zero;
        p.one[s + depth] = one;
        p.weight[s + depth] = depth == 0 ? 1 : 0;
        double per = reciprocal[depth + 1];
        for (int i = depth - 1; i >= 0; i--) {
            p.weight[s + i + 1] += one * p.weight[s + i] * (i + 1) * per;
            p.weight[s + i] = zero * p.weight[s + i] * (depth - i) * per;
        }
    }

    private void unwind(Path p, int s, int depth, int index) {
        double one = p.one[s + index];
        double zero = p.zero[s + index];
        double next = p.weight[s + depth];
        double per = reciprocal[depth + 1];
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0) {
                double tmp = p.weight[s + i];
                p.weight[s + i] = next * (depth + 1) * reciprocal[i + 1];
                next = tmp - p.weight[s + i] * zero * (depth - i) * per;
            } else {
                p.weight[s + i] = p.weight[s + i] * (depth + 1) * reciprocal[depth - i] / zero;
            }
        }
        for (int i = index; i < depth; i++) {
            p.feature[s + i] = p.feature[s + i + 1];
            p.zero[s + i] = p.zero[s + i + 1];
            p.one[s + i] = p.one[s + i + 1];
        }
    }

    private double unwoundSum(Path p, int s, int depth, int index) {
        double one = p.one[s + index];
        double zero = p.zero[s + index];
        double next = p.weight[s + depth];
        double total = 0;
        double per = reciprocal[depth + 1];
        if (one != 0) {
            for (int i = depth - 1; i >= 0; i--) {
                double tmp = next * (depth + 1) * reciprocal[i + 1];
                total += tmp;
                next = p.weight[s + i] - tmp * zero * (depth - i) * per;
            }
        } else if (zero != 0) {
            double scale = (depth + 1) / zero;
            for (int i = depth - 1; i >= 0; i--) {
                total += p.weight[s + i] * scale * reciprocal[depth - i];
            }
        }
        return total;
    }

    private double meanValue(int node) {
        if (forest.feature(node) < 0) return forest.value(node);
        int l = forest.left(node);
        int r = forest.right(node);
        return (meanValue(l) * forest.cover(l) + meanValue(r) * forest.cover(r)) / forest.cover(node);
    }

    private int depth(int node) {
        if (forest.feature(node) < 0) return 0;
        return 1 + Math.max(depth(forest.left(node)), depth(forest.right(node)));
    }
}
