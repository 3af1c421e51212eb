package io.vigil.bench;

import io.vigil.engine.algorithms.TreeEnsembleModel;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.trees.FlatForest;
import java.util.Locale;

/**
 * A rough best-of-N timing of the flat evaluator (no JMH), for quick iteration on a loaded
 * machine. The figures to quote come from {@link FlatForestBenchmark}.
 */
public final class QuickTiming {
    public static void main(String[] args) {
        BenchData d = new BenchData();
        FlatForest forest = ((TreeEnsembleModel) d.model.model()).forest();
        FeatureMatrix x = d.test;
        System.out.printf(Locale.ROOT, "%d trees, %d nodes, %d features%n", forest.treeCount(), forest.nodeCount(), forest.featureCount());
        double[] out = new double[x.rows()];
        double sink = 0;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < x.rows(); r++) sink += forest.predictOne(x.data(), r * x.cols());
            long t1 = System.nanoTime();
            for (int from = 0; from < x.rows(); from += 256) forest.predictBlock(x.data(), x.cols(), from, Math.min(256, x.rows() - from), out);
            long t2 = System.nanoTime();
            best = Math.min(best, Math.min(t1 - t0, t2 - t1) / 1e3 / x.rows());
        }
        System.out.printf(Locale.ROOT, "best %.3f us/row%n", best);
        System.out.println(sink + out[0]);
    }
}
