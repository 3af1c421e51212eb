package io.vigil.bench;

import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.trees.FlatForest;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring cost of the flat-array evaluator for 100 trees of depth 6 on NSL-KDD (41 features),
 * against XGBoost's own JNI prediction of one row. Run:
 * {@code java -jar vigil-bench/target/benchmarks.jar FlatForestBenchmark}
 * (working directory: the repository root, or pass -Dvigil.shared.dir=...).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlatForestBenchmark {
    static final int BATCH = 22_544; // every row of KDDTest+

    FlatForest forest;
    TreeEnsembleModel model;
    FeatureMatrix test;
    Booster booster;
    float[] data;
    int cols;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        BenchData d = new BenchData();
        model = (TreeEnsembleModel) d.model.model();
        forest = model.forest();
        test = d.test;
        data = test.data();
        cols = test.cols();
        booster = XGBoost.loadModel(model.nativeFiles().get("model.json"));
        booster.setParam("nthread", 1);
    }

    /** One row at a time, cycling through the test set: the latency of a single event. */
    @State(Scope.Thread)
    public static class Cursor {
        int row;
        final double[] out = new double[1];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double singleRowMargin(Cursor c) {
        int r = c.row;
        c.row = r + 1 == test.rows() ? 0 : r + 1;
        return forest.predictOne(data, r * cols);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double singleRowProbability(Cursor c) {
        int r = c.row;
        c.row = r + 1 == test.rows() ? 0 : r + 1;
        model.margins(data, r * cols, c.out);
        return io.vigil.engine.algorithms.Links.sigmoid(c.out[0]);
    }

    /** XGBoost's JNI for one row: the cost the flat evaluator avoids. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float singleRowXGBoostJni(Cursor c) throws Exception {
        int r = c.row;
        c.row = r + 1 == test.rows() ? 0 : r + 1;
        float[] row = new float[cols];
        System.arraycopy(data, r * cols, row, 0, cols);
        return booster.inplace_predict(row, 1, cols, Float.NaN)[0][0];
    }

    /** Whole test set per call, one thread, row after row: rows/s = ops/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public double batchOneThread() {
        double sum = 0;
        for (int r = 0; r < BATCH; r++) sum += forest.predictOne(data, r * cols);
        return sum;
    }

    /** Whole test set per call through {@code Model.scores}, which splits it over both cores: rows/s = ops/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public double[] batchAllCores() {
        return model.scores(test);
    }

    /** Two callers scoring the whole test set at once, one thread each: total rows/s = ops/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(2)
    public double batchTwoCallers() {
        double sum = 0;
        for (int r = 0; r < BATCH; r++) sum += forest.predictOne(data, r * cols);
        return sum;
    }
}
