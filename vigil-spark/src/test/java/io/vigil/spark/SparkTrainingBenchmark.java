package io.vigil.spark;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.RemoteTraining;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same NSL-KDD training (KDDTrain+, 125,973 rows, to KDDTest+, 22,544) on Spark {@code local[2]}
 * and in process (XGBoost), with the same hyperparameters: wall time and accuracy. Not part of the
 * suite (its name is no test's); BENCHMARKS.md "Spark training" has the command and the figures.
 */
class SparkTrainingBenchmark {

    @Test
    void nslKddOnSparkAndInProcess() throws Exception {
        Table train = NslKdd.load("KDDTrain+.txt", true);
        Table test = NslKdd.load("KDDTest+.txt", true);
        long sessionStart = System.nanoTime();
        TestSpark.session();
        System.out.printf(Locale.ROOT, "Spark session start: %.1f s%n", (System.nanoTime() - sessionStart) / 1e9);
        Path dir = Files.createTempDirectory("vigil-spark-bench-");
        for (String algorithm : new String[] {"gbm", "random_forest"}) {
            Map<String, Object> params = Map.of(); // each algorithm's defaults: gbm 100 rounds depth 4, random_forest 100 trees depth 8
            long start = System.nanoTime();
            RemoteTraining r = TestSpark.request(train, NslKdd.LABEL, algorithm, params, 42, dir, NslKdd.DIFFICULTY);
            TrainedModel spark = new SparkBackend().train(r);
            double sparkSeconds = (System.nanoTime() - start) / 1e9;
            report("spark local[2]", algorithm, sparkSeconds, spark, test);

            start = System.nanoTime();
            TrainedModel local = Training.of(train, Algorithms.trainer(algorithm))
                    .pipeline(PipelineSpec.forTrees(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY)).params(params).seed(42).threads(2).run();
            report("in process (XGBoost, 2 threads)", algorithm, (System.nanoTime() - start) / 1e9, local, test);
        }
    }

    private static void report(String engine, String algorithm, double seconds, TrainedModel m, Table test) {
        EvaluationReport e = Evaluator.evaluate(m.model(), m.features(test), m.pipeline().labels(test));
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f s | %.4f | %.4f |%n", algorithm, engine, seconds, e.accuracy(),
                e.summary().getOrDefault("roc_auc", Double.NaN));
    }
}
