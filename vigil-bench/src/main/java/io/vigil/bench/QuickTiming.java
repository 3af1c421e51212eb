package io.vigil.bench;

import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.trees.FlatForest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Scoring cost of the flat evaluator measured in thread CPU time as well as wall time, best of
 * 40 passes over KDDTest+, then both cores at once. CPU time is what a row costs when the core is not shared; on a busy
 * machine the wall figures of {@link FlatForestBenchmark} include time-slicing by other processes.
 * {@code java -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.QuickTiming}
 */
public final class QuickTiming {
    public static void main(String[] args) throws InterruptedException {
        BenchData d = new BenchData();
        FlatForest forest = ((TreeEnsembleModel) d.model.model()).forest();
        FeatureMatrix x = d.test;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%d trees, %d nodes, %d features, %d rows%n", forest.treeCount(), forest.nodeCount(),
                forest.featureCount(), x.rows());
        double sink = 0;
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int r = 0; r < x.rows(); r++) sink += forest.predictOne(x.data(), r * x.cols());
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            bestWall = Math.min(bestWall, (t1 - t0) / 1e3 / x.rows());
            bestCpu = Math.min(bestCpu, (c1 - c0) / 1e3 / x.rows());
        }
        System.out.printf(Locale.ROOT, "one row at a time: best wall %.3f us/row, best CPU %.3f us/row (%.2f M rows/s per core)%n",
                bestWall, bestCpu, 1 / bestCpu);
        double[] out = new double[x.rows()];
        double bestBlockCpu = Double.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            forest.predictBlock(x.data(), x.cols(), 0, x.rows(), out);
            long c1 = threads.getCurrentThreadCpuTime();
            bestBlockCpu = Math.min(bestBlockCpu, (c1 - c0) / 1e3 / x.rows());
            sink += out[round];
        }
        System.out.printf(Locale.ROOT, "predictBlock over all rows: best CPU %.3f us/row (%.2f M rows/s per core)%n", bestBlockCpu,
                1 / bestBlockCpu);
        bothCores(forest, x);
        System.out.println("(checksum " + sink + ")");
    }

    /**
     * Two threads scoring every row at once, 30 passes each: their best and median CPU per row.
     * Shows whether the two cores scale, and how far a typical pass is from the best on this VM.
     */
    private static void bothCores(FlatForest forest, FeatureMatrix x) throws InterruptedException {
        int passes = 30;
        double[][] cpu = new double[2][passes];
        Thread[] threads = new Thread[2];
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int t = 0; t < 2; t++) {
            double[] mine = cpu[t];
            threads[t] = new Thread(() -> {
                double[] out = new double[x.rows()];
                for (int pass = 0; pass < passes; pass++) {
                    long c0 = bean.getCurrentThreadCpuTime();
                    forest.predictBlock(x.data(), x.cols(), 0, x.rows(), out);
                    mine[pass] = (bean.getCurrentThreadCpuTime() - c0) / 1e3 / x.rows();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        for (int t = 0; t < 2; t++) {
            double[] sorted = cpu[t].clone();
            java.util.Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "both cores, thread %d: best CPU %.3f us/row, median %.3f us/row%n", t, sorted[0],
                    sorted[passes / 2]);
        }
    }
}
