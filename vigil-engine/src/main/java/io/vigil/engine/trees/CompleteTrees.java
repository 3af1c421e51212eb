package io.vigil.engine.trees;

/**
 * The fast path of {@link FlatForest}. Every tree is padded to a complete binary tree of the
 * forest's depth D and stored in heap order (children of i at 2i+1 and 2i+2), so a row takes
 * exactly D steps per tree, with no child arrays and no branch on tree shape.
 *
 * <p>Comparisons are done on integer keys: a float's bits mapped to an int that sorts like the
 * float ({@link #key}). Each row is first turned into 2F keys: slot f where NaN sorts above
 * everything (so it goes right) and slot F + f where NaN sorts below everything (goes left);
 * each node reads the slot matching its learned default. A step is then
 * {@code i = 2i + 1 + (key >= thresholdKey ? 1 : 0)} (measured as fast as a sign-bit arithmetic
 * form, and easier to read); slot and threshold key are
 * packed into one {@code long} per node (one load per step). A leaf above the bottom becomes
 * always-left nodes (reading an extra slot that holds the smallest key, against the largest
 * threshold) whose bottom leaves carry its value.
 * Trees are walked a few at a time, level by level, so their independent steps overlap.
 */
final class CompleteTrees {
    /** Forests deeper than this stay on the general path (padding doubles per level). */
    static final int MAX_DEPTH = 10;
    private static final int LANES = 4;

    final int depth;
    final int innerPerTree;
    final int leavesPerTree;
    final int featureCount;
    final long[] node;       // per inner node: key slot << 32 | threshold key (slot = feature, + featureCount when NaN goes left)
    final float[] leaf;
    private final ThreadLocal<int[]> keys;

    private CompleteTrees(int depth, int trees, int featureCount) {
        this.depth = depth;
        this.innerPerTree = (1 << depth) - 1;
        this.leavesPerTree = 1 << depth;
        this.featureCount = featureCount;
        this.node = new long[trees * innerPerTree];
        this.leaf = new float[trees * leavesPerTree];
        this.keys = ThreadLocal.withInitial(() -> {
            int[] k = new int[2 * featureCount + 1];
            k[2 * featureCount] = Integer.MIN_VALUE; // the always-left slot
            return k;
        });
    }

    /** Pads {@code forest}'s trees, or returns null if it is deeper than {@link #MAX_DEPTH}. */
    static CompleteTrees of(FlatForest f) {
        int depth = 0;
        for (int t = 0; t < f.roots.length; t++) depth = Math.max(depth, depthOf(f, f.roots[t]));
        if (depth > MAX_DEPTH) return null;
        CompleteTrees c = new CompleteTrees(depth, f.roots.length, f.featureCount);
        for (int t = 0; t < f.roots.length; t++) c.fill(f, t, f.roots[t], 0, 0);
        return c;
    }

    /** An int that orders like the float (-0 counts as +0); NaN is handled by the caller. */
    static int key(float x) {
        int bits = Float.floatToRawIntBits(x + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private void fill(FlatForest f, int t, int n, int i, int level) {
        if (level == depth) {
            leaf[t * leavesPerTree + i - innerPerTree] = f.value[n];
            return;
        }
        int s = t * innerPerTree + i;
        if (f.feature[n] < 0) {
            node[s] = pack(2 * featureCount, Integer.MAX_VALUE);
            fill(f, t, n, 2 * i + 1, level + 1);
            fill(f, t, n, 2 * i + 2, level + 1);
            return;
        }
        boolean nanGoesLeft = f.missing[n] == f.left[n];
        node[s] = pack(f.feature[n] + (nanGoesLeft ? featureCount : 0), key(f.threshold[n]));
        fill(f, t, f.left[n], 2 * i + 1, level + 1);
        fill(f, t, f.right[n], 2 * i + 2, level + 1);
    }

    private static long pack(int slot, int thresholdKey) {
        return ((long) slot << 32) | (thresholdKey & 0xffffffffL);
    }

    /** One step down from heap index i through packed node v: left child 2i+1 or right 2i+2. */
    private static int step(int i, long v, int[] k) {
        return 2 * i + 1 + (k[(int) (v >>> 32)] >= (int) v ? 1 : 0);
    }

    private static int depthOf(FlatForest f, int n) {
        if (f.feature[n] < 0) return 0;
        return 1 + Math.max(depthOf(f, f.left[n]), depthOf(f, f.right[n]));
    }

    /** The row's keys in the thread's scratch array (no allocation after the first call). */
    int[] keys(float[] data, int offset) {
        int[] k = keys.get();
        int n = featureCount;
        for (int f = 0; f < n; f++) {
            float x = data[offset + f];
            boolean nan = x != x;
            int key = key(x);
            k[f] = nan ? Integer.MAX_VALUE : key;
            k[n + f] = nan ? Integer.MIN_VALUE : key;
        }
        return k;
    }

    /** Adds every tree's leaf value to {@code out[group[t]]}. */
    void accumulate(int[] k, int[] group, double[] out) {
        int trees = group.length;
        int t = 0;
        for (; t + LANES <= trees; t += LANES) {
            int b0 = t * innerPerTree;
            int b1 = b0 + innerPerTree;
            int b2 = b1 + innerPerTree;
            int b3 = b2 + innerPerTree;
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            for (int level = 0; level < depth; level++) {
                i0 = step(i0, node[b0 + i0], k);
                i1 = step(i1, node[b1 + i1], k);
                i2 = step(i2, node[b2 + i2], k);
                i3 = step(i3, node[b3 + i3], k);
            }
            int l = t * leavesPerTree - innerPerTree;
            out[group[t]] += leaf[l + i0];
            out[group[t + 1]] += leaf[l + leavesPerTree + i1];
            out[group[t + 2]] += leaf[l + 2 * leavesPerTree + i2];
            out[group[t + 3]] += leaf[l + 3 * leavesPerTree + i3];
        }
        for (; t < trees; t++) {
            int b = t * innerPerTree;
            int i = 0;
            for (int level = 0; level < depth; level++) {
                i = step(i, node[b + i], k);
            }
            out[group[t]] += leaf[t * leavesPerTree + i - innerPerTree];
        }
    }

    /** Sum of every tree's leaf value (single-output forests). */
    double sum(int[] k) {
        int trees = leaf.length / leavesPerTree;
        double sum = 0;
        int t = 0;
        for (; t + 8 <= trees; t += 8) {
            int b0 = t * innerPerTree;
            int b1 = b0 + innerPerTree;
            int b2 = b1 + innerPerTree;
            int b3 = b2 + innerPerTree;
            int b4 = b3 + innerPerTree;
            int b5 = b4 + innerPerTree;
            int b6 = b5 + innerPerTree;
            int b7 = b6 + innerPerTree;
            int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
            for (int level = 0; level < depth; level++) {
                i0 = step(i0, node[b0 + i0], k);
                i1 = step(i1, node[b1 + i1], k);
                i2 = step(i2, node[b2 + i2], k);
                i3 = step(i3, node[b3 + i3], k);
                i4 = step(i4, node[b4 + i4], k);
                i5 = step(i5, node[b5 + i5], k);
                i6 = step(i6, node[b6 + i6], k);
                i7 = step(i7, node[b7 + i7], k);
            }
            int l = t * leavesPerTree - innerPerTree;
            int p = leavesPerTree;
            // same order as tree by tree, so sums match the general path exactly
            sum += leaf[l + i0];
            sum += leaf[l + p + i1];
            sum += leaf[l + 2 * p + i2];
            sum += leaf[l + 3 * p + i3];
            sum += leaf[l + 4 * p + i4];
            sum += leaf[l + 5 * p + i5];
            sum += leaf[l + 6 * p + i6];
            sum += leaf[l + 7 * p + i7];
        }
        for (; t < trees; t++) {
            int b = t * innerPerTree;
            int i = 0;
            for (int level = 0; level < depth; level++) {
                i = step(i, node[b + i], k);
            }
            sum += leaf[t * leavesPerTree + i - innerPerTree];
        }
        return sum;
    }
}
