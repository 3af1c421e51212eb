package io.vigil.bench;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.classifiers.LogisticRegressionTrainer;
import io.vigil.engine.classifiers.RandomForestTrainer;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.evaluation.HyperparameterSearch;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Measures every algorithm on NSL-KDD (train KDDTrain+, test KDDTest+, binary normal/attack),
 * a small tuning run, and the engine's training time next to XGBoost4J called directly.
 * Prints Markdown. Run by hand (takes minutes):
 * <pre>
 * ./mvnw -q -B -pl vigil-engine,vigil-bench package -DskipTests
 * java -cp vigil-bench/target/benchmarks.jar -Dvigil.shared.dir=../shared io.vigil.bench.NslKddReport
 * </pre>
 */
public final class NslKddReport {
    static final long SEED = 42;
    static final int THREADS = 2;

    public static void main(String[] args) throws Exception {
        Table train = NslKdd.load("KDDTrain+.txt", true);
        Table test = NslKdd.load("KDDTest+.txt", true);
        System.out.printf(Locale.ROOT, "KDDTrain+ %d rows, KDDTest+ %d rows, %d threads, seed %d%n%n", train.rowCount(), test.rowCount(), THREADS, SEED);

        System.out.println("| algorithm | settings | accuracy | F1 (attack) | ROC AUC | PR AUC | train s |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("gbm", "defaults (100 rounds, depth 4, eta 0.3, hist)", Map.of(), trees(), train, test);
        row("gbm", "XGBoost's own defaults: depth 6", Map.of("max_depth", 6), trees(), train, test);
        row("gbm", "depth 4, subsample 0.8", Map.of("subsample", 0.8), trees(), train, test);
        row("random_forest", "defaults (100 trees, depth 8)", Map.of(), trees(), train, test);
        row("logistic_regression", "defaults (100 rounds, lambda 0.01)", Map.of(), linear(), train, test);
        PipelineSpec detectors = PipelineSpec.forDetectors(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack");
        row("isolation_forest", "defaults (100 trees, 256 samples, contamination 0.1), labels unused", Map.of(), detectors, train, test);
        row("isolation_forest", "contamination 0.45 (about the training attack share)", Map.of("contamination", 0.45), detectors, train, test);
        for (String d : List.of("zscore", "iqr", "mad")) row(d, "defaults, labels unused", Map.of(), detectors, train, test);

        Map<String, Object> tuned = tune(new GradientBoostingTrainer(), Map.of("rounds", 300, "early_stopping_rounds", 20),
                Map.of("max_depth", List.of(3, 6, 9), "eta", List.of(0.1, 0.3), "colsample_bytree", List.of(0.5, 1.0)), trees());
        row("gbm", "tuned by 3-fold CV on KDDTrain+_20Percent: " + tuned, tuned, trees(), train, test);
        tuned = tune(new RandomForestTrainer(), Map.of(),
                Map.of("max_depth", List.of(6, 8, 12, 16), "colsample_bynode", List.of(0.3, 0.5, 1.0)), trees());
        row("random_forest", "tuned by 3-fold CV on KDDTrain+_20Percent: " + tuned, tuned, trees(), train, test);
        tuned = tune(new LogisticRegressionTrainer(), Map.of(),
                Map.of("lambda", List.of(0.0001, 0.01, 1.0, 100.0), "alpha", List.of(0.0, 0.01, 1.0)), linear());
        row("logistic_regression", "tuned by 3-fold CV on KDDTrain+_20Percent: " + tuned, tuned, linear(), train, test);
        row("gbm", "shallow, strongly regularised: depth 3, 50 rounds, eta 0.1, colsample 0.5",
                Map.of("max_depth", 3, "rounds", 50, "eta", 0.1, "colsample_bytree", 0.5), trees(), train, test);
        row("random_forest", "depth 12, 200 trees", Map.of("max_depth", 12, "trees", 200), trees(), train, test);

        System.out.println();
        trainingTimes(train);
    }

    static PipelineSpec linear() {
        return PipelineSpec.forLinear(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack");
    }

    static PipelineSpec trees() {
        return PipelineSpec.forTrees(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack");
    }

    static void row(String algorithm, String settings, Map<String, ?> params, PipelineSpec spec, Table train, Table test) {
        long start = System.nanoTime();
        TrainedModel m = Training.of(train, Algorithms.trainer(algorithm)).pipeline(spec).params(params).seed(SEED).threads(THREADS).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationReport r = Evaluator.evaluate(m.model(), m.features(test), m.pipeline().labels(test));
        System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.4f | %.1f |%n", algorithm, settings, r.accuracy(), r.positiveF1(),
                r.rocAuc(), r.prAuc(), seconds);
    }

    /** A small grid scored by 3-fold CV ROC AUC on the 20 % training subset; the best settings, fixed ones included. */
    static Map<String, Object> tune(Trainer trainer, Map<String, ?> fixed, Map<String, List<?>> grid, PipelineSpec spec) {
        Table small = NslKdd.load("KDDTrain+_20Percent.txt", true);
        Pipeline p = Pipeline.fit(small, spec);
        TrainingData data = new TrainingData(p.transform(small), p.labels(small), p.classes());
        HyperparameterSearch.Result result = HyperparameterSearch.grid(trainer, fixed, grid, data, 3, EvaluationReport::rocAuc,
                TrainingContext.of(SEED).withThreads(THREADS));
        System.err.println(trainer.algorithm() + " tuning trials (CV ROC AUC): " + result.trials());
        return new java.util.LinkedHashMap<>(result.best().params());
    }

    /** Engine trainers against XGBoost4J with identical parameters on identical matrices, alternating, median of 3. */
    static void trainingTimes(Table train) throws Exception {
        Pipeline p = Pipeline.fit(train, trees());
        FeatureMatrix x = p.transform(train);
        int[] y = p.labels(train);
        TrainingData data = new TrainingData(x, y, p.classes());
        float[] labels = new float[y.length];
        for (int i = 0; i < y.length; i++) labels[i] = y[i];

        GradientBoostingTrainer gbm = new GradientBoostingTrainer();
        Hyperparameters gp = gbm.validate(Map.of());
        RandomForestTrainer rf = new RandomForestTrainer();
        Hyperparameters rp = rf.validate(Map.of());
        Map<String, Object> gbmParams = GradientBoostingTrainer.xgboostParams(gp, 2, SEED, THREADS);
        Map<String, Object> rfParams = RandomForestTrainer.xgboostParams(rp, 100, 2, SEED, THREADS);

        List<Double> engineGbm = new ArrayList<>();
        List<Double> directGbm = new ArrayList<>();
        List<Double> engineRf = new ArrayList<>();
        List<Double> directRf = new ArrayList<>();
        for (int rep = 0; rep < 3; rep++) {
            engineGbm.add(time(() -> gbm.train(data, gp, TrainingContext.of(SEED).withThreads(THREADS))));
            directGbm.add(time(() -> direct(x, labels, gbmParams, 100)));
            engineRf.add(time(() -> rf.train(data, rp, TrainingContext.of(SEED).withThreads(THREADS))));
            directRf.add(time(() -> direct(x, labels, rfParams, 1)));
        }
        System.out.println("| model (KDDTrain+, 125,973 x 41, 2 threads) | engine s (median of 3) | XGBoost4J direct s | ratio |");
        System.out.println("|---|---|---|---|");
        print("gbm: 100 rounds, depth 4, hist", engineGbm, directGbm);
        print("random_forest: 100 trees, depth 8, hist (engine grows it in 10 chunks for progress)", engineRf, directRf);
    }

    static void direct(FeatureMatrix x, float[] labels, Map<String, Object> params, int rounds) {
        try {
            DMatrix d = new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN);
            d.setLabel(labels);
            Booster b = XGBoost.train(d, params, rounds, Map.of(), null, null);
            b.toByteArray("json");
            b.dispose();
            d.dispose();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1e9;
    }

    static void print(String what, List<Double> engine, List<Double> direct) {
        double e = median(engine);
        double d = median(direct);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", what, e, d, e / d);
    }

    static double median(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
