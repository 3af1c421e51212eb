package io.vigil.engine.trees;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free padded layout must reach the same leaves as the plain node walk. */
class CompleteTreesTest {

    /** Random trees of mixed depth (leaves at every level), random defaults, rows with NaN and -0. */
    static FlatForest randomForest(SplittableRandom r, int trees, int maxDepth, int features, int outputs) {
        int cap = trees * ((1 << (maxDepth + 1)) - 1);
        int[] feature = new int[cap];
        float[] threshold = new float[cap];
        int[] left = new int[cap];
        int[] right = new int[cap];
        int[] missing = new int[cap];
        float[] value = new float[cap];
        int[] roots = new int[trees];
        int[] group = new int[trees];
        int[] size = {0};
        for (int t = 0; t < trees; t++) {
            roots[t] = grow(r, 0, maxDepth, features, feature, threshold, left, right, missing, value, size);
            group[t] = t % outputs;
        }
        int n = size[0];
        return new FlatForest(java.util.Arrays.copyOf(feature, n), java.util.Arrays.copyOf(threshold, n), java.util.Arrays.copyOf(left, n),
                java.util.Arrays.copyOf(right, n), java.util.Arrays.copyOf(missing, n), java.util.Arrays.copyOf(value, n), null, roots, group,
                new double[outputs], features);
    }

    static int grow(SplittableRandom r, int depth, int maxDepth, int features, int[] feature, float[] threshold, int[] left, int[] right,
                    int[] missing, float[] value, int[] size) {
        int n = size[0]++;
        if (depth == maxDepth || (depth > 0 && r.nextInt(4) == 0)) {
            feature[n] = -1;
            left[n] = right[n] = missing[n] = n;
            value[n] = (float) r.nextGaussian();
            return n;
        }
        feature[n] = r.nextInt(features);
        threshold[n] = r.nextInt(10) == 0 ? 0f : (float) r.nextGaussian();
        left[n] = grow(r, depth + 1, maxDepth, features, feature, threshold, left, right, missing, value, size);
        right[n] = grow(r, depth + 1, maxDepth, features, feature, threshold, left, right, missing, value, size);
        missing[n] = r.nextBoolean() ? left[n] : right[n];
        return n;
    }

    @Test
    void paddedLayoutReachesTheSameLeaves() {
        SplittableRandom r = new SplittableRandom(5);
        for (int depth : new int[] {0, 1, 3, 6, 8}) {
            for (int trees : new int[] {1, 3, 7, 30}) {
                FlatForest f = randomForest(r, trees, depth, 5, trees % 3 == 0 ? 3 : 1);
                float[] row = new float[5];
                double[] fast = new double[f.outputCount()];
                for (int i = 0; i < 2000; i++) {
                    for (int c = 0; c < 5; c++) {
                        int kind = r.nextInt(12);
                        row[c] = kind == 0 ? Float.NaN : kind == 1 ? -0.0f : kind == 2 ? 0f : (float) r.nextGaussian();
                    }
                    double[] slow = new double[f.outputCount()];
                    for (int t = 0; t < f.treeCount(); t++) slow[f.group(t)] += f.value(f.leaf(t, row, 0));
                    f.predict(row, 0, fast);
                    assertThat(fast).as("depth %d, %d trees", depth, trees).containsExactly(slow);
                    if (f.outputCount() == 1) assertThat(f.predictOne(row, 0)).isEqualTo(slow[0]);
                }
            }
        }
    }
}
