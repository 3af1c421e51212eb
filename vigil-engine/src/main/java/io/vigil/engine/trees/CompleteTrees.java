package io.vigil.engine.trees;

/**
 * The fast path of {@link FlatForest}. Every tree is padded to a complete binary tree of the
 * forest's depth D, and all trees share one implicit heap: with P trees, the root of tree t is
 * node {@code P + t} and the children of node n are {@code 2n} (left) and {@code 2n + 1} (right).
 * Level d of all trees is then the contiguous range {@code [P << d, 2P << d)}, and after D steps
 * a row sits at {@code (P << D) + (t << D) + q}, the q-th leaf of tree t. A step needs nothing
 * but the node index, {@code n = 2n + (key >= threshold ? 1 : 0)}: no per-tree base offset, so
 * the trees walked in lock-step keep their state in one register each (the previous per-tree
 * heap needed a base per lane and spilled; this layout costs about 20% less CPU per row).
 *
 * <p>Comparisons are done on integer keys: a float's bits mapped to an int that sorts like the
 * float ({@link #key}). Each row is first turned into 2F + 1 keys: slot f where NaN sorts above
 * everything (so it goes right) and slot F + f where NaN sorts below everything (goes left);
 * each node reads the slot matching its learned default. A node is one {@code long}: threshold
 * key in the high half, key slot in the low half. A leaf above the bottom becomes always-left
 * nodes (reading slot 2F, which holds the smallest key, against the largest threshold) whose
 * bottom leaves carry its value. The tree count is padded to a multiple of {@link #LANES} with
 * trees whose leaves are all 0, so every group of lanes is full.
 */
final class CompleteTrees {
    /** Forests deeper than this stay on the general path (padding doubles per level). */
    static final int MAX_DEPTH = 10;
    /**
     * Trees walked in lock-step: their independent loads overlap. 4 and 5 measured best (0.73-0.76 us
     * per row against 0.82 for 6 and 8 lanes), 10 and more spill registers.
     */
    static final int LANES = 5;

    final int depth;
    final int trees;         // real trees
    final int padded;        // P: trees rounded up to a multiple of LANES
    final int featureCount;
    final long[] node;       // index P << d + ... per level; [0, P) unused
    final double[] leaf;      // (t << depth) + q
    final int[] group;       // output per (padded) tree, 0 for padding trees (whose leaves are 0)
    private final ThreadLocal<int[]> keys;
    // the features whose NaN-high / NaN-low slot some node reads: a row fills only those slots
    private int[] readHigh;
    private int[] readLow;

    private CompleteTrees(int depth, int trees, int featureCount, int[] group) {
        this.depth = depth;
        this.trees = trees;
        this.padded = (trees + LANES - 1) / LANES * LANES;
        this.featureCount = featureCount;
        this.node = new long[padded << depth];
        this.leaf = new double[padded << depth];
        this.group = java.util.Arrays.copyOf(group, padded);
        this.keys = ThreadLocal.withInitial(() -> {
            int[] k = new int[keyCount()];
            k[2 * featureCount] = Integer.MIN_VALUE; // the always-left slot
            return k;
        });
        long alwaysLeft = pack(2 * featureCount, Integer.MAX_VALUE);
        java.util.Arrays.fill(node, alwaysLeft);
    }

    /** Pads {@code forest}'s trees, or returns null if it is deeper than {@link #MAX_DEPTH} or too large. */
    static CompleteTrees of(FlatForest f) {
        int depth = 0;
        for (int t = 0; t < f.roots.length; t++) depth = Math.max(depth, depthOf(f, f.roots[t]));
        long padded = (f.roots.length + LANES - 1) / LANES * LANES;
        if (depth > MAX_DEPTH || (padded << depth) > Integer.MAX_VALUE - 8) return null;
        CompleteTrees c = new CompleteTrees(depth, f.roots.length, f.featureCount, f.group);
        for (int t = 0; t < f.roots.length; t++) c.fill(f, f.roots[t], c.padded + t, 0);
        c.readHigh = c.featuresRead(0);
        c.readLow = c.featuresRead(c.featureCount);
        return c;
    }

    /** Features f whose slot {@code base + f} some node reads. */
    private int[] featuresRead(int base) {
        boolean[] read = new boolean[keyCount()];
        for (long v : node) read[(int) v] = true;
        return java.util.stream.IntStream.range(0, featureCount).filter(f -> read[base + f]).toArray();
    }

    /** An int that orders like the float (-0 counts as +0); NaN is handled by the caller. */
    static int key(float x) {
        int bits = Float.floatToRawIntBits(x + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Key slots per row: F with NaN high, F with NaN low, and the always-left slot. */
    int keyCount() {
        return 2 * featureCount + 1;
    }

    /** Places flat node {@code n} at heap node {@code h} on level {@code level}, and its subtree below. */
    private void fill(FlatForest f, int n, int h, int level) {
        if (level == depth) {
            leaf[h - (padded << depth)] = f.value[n];
            return;
        }
        if (f.feature[n] < 0) { // a leaf above the bottom: always-left nodes down to copies of its value
            fill(f, n, 2 * h, level + 1);
            fill(f, n, 2 * h + 1, level + 1);
            return;
        }
        boolean nanGoesLeft = f.missing[n] == f.left[n];
        node[h] = pack(f.feature[n] + (nanGoesLeft ? featureCount : 0), key(f.threshold[n]));
        fill(f, f.left[n], 2 * h, level + 1);
        fill(f, f.right[n], 2 * h + 1, level + 1);
    }

    private static long pack(int slot, int thresholdKey) {
        return ((long) thresholdKey << 32) | slot;
    }

    /** One step down from node n: left child 2n, right child 2n + 1. */
    private static int step(int n, long[] node, int[] k) {
        long v = node[n];
        return 2 * n + (k[(int) v] >= (int) (v >> 32) ? 1 : 0);
    }

    private static int depthOf(FlatForest f, int n) {
        if (f.feature[n] < 0) return 0;
        return 1 + Math.max(depthOf(f, f.left[n]), depthOf(f, f.right[n]));
    }

    /**
     * The row's keys, in the thread's scratch array (no allocation after the first call). Only the
     * slots some node reads are filled (most features are read with one default, some not at all):
     * on NSL-KDD that is 38 of 83 slots, and the rows' median cost fell by a third in one harness.
     */
    int[] keys(float[] data, int offset) {
        int[] k = keys.get();
        for (int f : readHigh) {
            float x = data[offset + f];
            k[f] = x != x ? Integer.MAX_VALUE : key(x);
        }
        int n = featureCount;
        for (int f : readLow) {
            float x = data[offset + f];
            k[n + f] = x != x ? Integer.MIN_VALUE : key(x);
        }
        return k;
    }

    /**
     * Sum of every tree's leaf value, in tree order (single-output forests).
     *
     * <p>The walk loops "while lane 0 is above the leaves" rather than counting levels: every lane
     * reaches the leaves on the same step, and C2 strip-mines a counted loop (under G1, to keep
     * safepoints short), which around a 6-step loop costs about 15% of a row. The loop below is not
     * a counted loop, so it is compiled as plain straight-line steps and a predicted branch.
     */
    double sum(int[] k) {
        long[] node = this.node;
        double[] leaf = this.leaf;
        int leaves = padded << depth;
        double sum = 0;
        for (int t = 0; t < padded; t += LANES) {
            int n0 = padded + t;
            int n1 = n0 + 1;
            int n2 = n0 + 2;
            int n3 = n0 + 3;
            int n4 = n0 + 4;
            while (n0 < leaves) {
                n0 = step(n0, node, k);
                n1 = step(n1, node, k);
                n2 = step(n2, node, k);
                n3 = step(n3, node, k);
                n4 = step(n4, node, k);
            }
            // tree order, so sums match the general path exactly (padding trees add 0)
            sum += leaf[n0 - leaves];
            sum += leaf[n1 - leaves];
            sum += leaf[n2 - leaves];
            sum += leaf[n3 - leaves];
            sum += leaf[n4 - leaves];
        }
        return sum;
    }

    /**
     * Adds every tree's leaf value to {@code out[group[t]]}, in tree order (padding trees add 0 to output 0).
     * The walk repeats {@link #sum}'s on purpose: a shared helper would have to hand the lanes' node
     * indices back through memory, and keeping them in registers is what this layout is for.
     */
    void accumulate(int[] k, double[] out) {
        long[] node = this.node;
        int[] group = this.group;
        int leaves = padded << depth;
        for (int t = 0; t < padded; t += LANES) {
            int n0 = padded + t;
            int n1 = n0 + 1;
            int n2 = n0 + 2;
            int n3 = n0 + 3;
            int n4 = n0 + 4;
            while (n0 < leaves) {
                n0 = step(n0, node, k);
                n1 = step(n1, node, k);
                n2 = step(n2, node, k);
                n3 = step(n3, node, k);
                n4 = step(n4, node, k);
            }
            out[group[t]] += leaf[n0 - leaves];
            out[group[t + 1]] += leaf[n1 - leaves];
            out[group[t + 2]] += leaf[n2 - leaves];
            out[group[t + 3]] += leaf[n3 - leaves];
            out[group[t + 4]] += leaf[n4 - leaves];
        }
    }
}
