package io.vigil.engine.trees;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.classifiers.RandomForestTrainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pure-Java evaluator must give XGBoost's own scores on every row of KDDTest+. */
class FlatForestMatchesXGBoostTest {
    static FeatureMatrix train;
    static int[] trainLabels;
    static FeatureMatrix test;
    static List<String> classes;

    @BeforeAll
    static void load() {
        Table trainTable = NslKdd.load("KDDTrain+_20Percent.txt", true);
        Table testTable = NslKdd.load("KDDTest+.txt", true);
        Pipeline pipeline = Pipeline.fit(trainTable, PipelineSpec.forTrees(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack"));
        train = pipeline.transform(trainTable);
        trainLabels = pipeline.labels(trainTable);
        test = pipeline.transform(testTable);
        classes = pipeline.classes();
    }

    @Test
    void gradientBoostingScoresMatchXGBoostOnEveryTestRow() throws Exception {
        var trainer = new GradientBoostingTrainer();
        TreeEnsembleModel model = trainer.train(new TrainingData(train, trainLabels, classes),
                trainer.validate(Map.of("rounds", 100, "max_depth", 6)), TrainingContext.of(7).withThreads(2));
        assertMatches(model, List.of(XGBoost.loadModel(model.nativeFiles().get("model.json"))));
    }

    @Test
    void randomForestScoresMatchTheAverageOfItsXGBoostChunks() throws Exception {
        var trainer = new RandomForestTrainer();
        TreeEnsembleModel model = trainer.train(new TrainingData(train, trainLabels, classes),
                trainer.validate(Map.of("trees", 30, "chunks", 4)), TrainingContext.of(7).withThreads(2));
        List<Booster> boosters = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(model.nativeFiles().keySet())) boosters.add(XGBoost.loadModel(model.nativeFiles().get(name)));
        // chunks hold 7, 8, 7, 8 trees: XGBoost averages within a chunk, the forest across them
        double[] weights = {7 / 30.0, 8 / 30.0, 7 / 30.0, 8 / 30.0};
        DMatrix d = new DMatrix(test.data(), test.rows(), test.cols(), Float.NaN);
        double[] expected = new double[test.rows()];
        for (int b = 0; b < boosters.size(); b++) {
            float[][] m = boosters.get(b).predict(d, true);
            for (int r = 0; r < expected.length; r++) expected[r] += weights[b] * m[r][0];
        }
        double maxDiff = 0;
        double maxWalkDiff = 0;
        double[] out = new double[1];
        FlatForest f = model.forest();
        for (int r = 0; r < test.rows(); r++) {
            model.margins(test.data(), r * test.cols(), out);
            maxDiff = Math.max(maxDiff, Math.abs(out[0] - expected[r]));
            double walk = f.base(0);
            for (int t = 0; t < f.treeCount(); t++) walk += f.value(f.leaf(t, test.data(), r * test.cols()));
            maxWalkDiff = Math.max(maxWalkDiff, Math.abs(walk - expected[r]));
        }
        System.out.printf("random forest: max |margin - xgb| = %.3g (node walk %.3g)%n", maxDiff, maxWalkDiff);
        assertThat(maxDiff).isLessThan(1e-6);
    }

    static void assertMatches(TreeEnsembleModel model, List<Booster> boosters) throws Exception {
        DMatrix d = new DMatrix(test.data(), test.rows(), test.cols(), Float.NaN);
        float[][] probs = boosters.get(0).predict(d);
        float[][] margins = boosters.get(0).predict(d, true);
        double maxProbDiff = 0;
        double maxMarginDiff = 0;
        double[] m = new double[1];
        double[] p = new double[2];
        double[] block = model.scores(test);
        for (int r = 0; r < test.rows(); r++) {
            model.margins(test.data(), r * test.cols(), m);
            model.probabilities(m, p);
            maxProbDiff = Math.max(maxProbDiff, Math.abs(p[1] - probs[r][0]));
            maxProbDiff = Math.max(maxProbDiff, Math.abs(block[r] - probs[r][0]));
            maxMarginDiff = Math.max(maxMarginDiff, Math.abs(m[0] - margins[r][0]) / Math.max(1, Math.abs(margins[r][0])));
        }
        System.out.printf("max |p - xgb| = %.3g, max relative margin diff = %.3g over %d rows%n", maxProbDiff, maxMarginDiff, test.rows());
        assertThat(maxProbDiff).isLessThan(1e-6);
        assertThat(maxMarginDiff).isLessThan(1e-6);
    }
}
