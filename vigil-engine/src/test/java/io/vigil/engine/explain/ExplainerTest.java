package io.vigil.engine.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.classifiers.LogisticRegressionTrainer;
import io.vigil.engine.classifiers.RandomForestTrainer;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.testing.Synthetic;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

class ExplainerTest {
    final Table train = Synthetic.table(3000, 21, false);
    final Table test = Synthetic.table(300, 22, false);

    @Test
    void treeShapMatchesXGBoostContributionsAndSumsToTheMargin() throws Exception {
        TrainedModel m = Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 50, "max_depth", 6)).seed(1).threads(2).run();
        FeatureMatrix x = m.features(test);
        float[][] xgb = XGBoost.loadModel(m.model().nativeFiles().get("model.json"))
                .predictContrib(new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN), 0);
        Explainer explainer = new Explainer(m.model(), x.names());
        for (int r = 0; r < x.rows(); r++) {
            Explanation e = explainer.explain(x.row(r));
            double sum = e.bias();
            for (int f = 0; f < x.cols(); f++) {
                assertThat(e.contributions()[f]).as("row %d feature %d", r, f).isCloseTo(xgb[r][f], within(1e-4));
                sum += e.contributions()[f];
            }
            assertThat(e.bias()).isCloseTo(xgb[r][x.cols()], within(1e-4));
            assertThat(sum).isCloseTo(e.margin(), within(1e-6));
        }
    }

    @Test
    void multiclassTreeShapMatchesXGBoostPerClass() throws Exception {
        Table mtrain = Synthetic.table(2000, 23, true);
        TrainedModel m = Training.of(mtrain, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 10)).seed(1).threads(2).run();
        FeatureMatrix x = m.features(Synthetic.table(100, 24, true));
        int k = m.classes().size();
        float[][] xgb = XGBoost.loadModel(m.model().nativeFiles().get("model.json"))
                .predictContrib(new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN), 0);
        Explainer explainer = new Explainer(m.model(), x.names());
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < k; c++) {
                Explanation e = explainer.explain(x.row(r), c);
                int at = c * (x.cols() + 1); // XGBoost lays classes out one after another
                for (int f = 0; f < x.cols(); f++) assertThat(e.contributions()[f]).isCloseTo(xgb[r][at + f], within(1e-4));
                assertThat(e.bias()).isCloseTo(xgb[r][at + x.cols()], within(1e-4));
                assertThat(e.bias() + java.util.Arrays.stream(e.contributions()).sum()).isCloseTo(e.margin(), within(1e-6));
            }
        }
    }

    @Test
    void treeShapOfAveragedRandomForestSumsToTheMargin() {
        TrainedModel m = Training.of(train, new RandomForestTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("trees", 12, "chunks", 3)).seed(1).threads(2).run();
        FeatureMatrix x = m.features(test);
        Explainer explainer = new Explainer(m.model(), x.names());
        for (int r = 0; r < 50; r++) {
            Explanation e = explainer.explain(x.row(r));
            assertThat(e.bias() + java.util.Arrays.stream(e.contributions()).sum()).isCloseTo(e.margin(), within(1e-6));
        }
    }

    @Test
    void linearContributionsAreCoefficientTimesValue() {
        TrainedModel m = Training.of(train, new LogisticRegressionTrainer()).pipeline(PipelineSpec.forLinear("label").withDrop("id"))
                .params(Map.of("rounds", 20)).seed(1).threads(1).run();
        FeatureMatrix x = m.features(test);
        Explanation e = new Explainer(m.model(), x.names()).explain(x.row(0));
        assertThat(e.bias() + java.util.Arrays.stream(e.contributions()).sum()).isCloseTo(e.margin(), within(1e-9));
        assertThat(e.top(1).get(0).feature()).isIn("x1", "x2");
    }

    @Test
    void gainAndPermutationImportanceRankTheInformativeFeatures() {
        TrainedModel m = Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 20)).seed(1).threads(2).run();
        List<FeatureImportance.Score> gain = FeatureImportance.gain((TreeEnsembleModel) m.model(), m.pipeline().featureNames());
        assertThat(gain.get(0).feature()).isIn("x1", "x2");
        assertThat(gain.stream().mapToDouble(FeatureImportance.Score::importance).sum()).isCloseTo(1.0, within(1e-9));
        List<FeatureImportance.Score> perm = FeatureImportance.permutation(m.model(), m.features(test), m.pipeline().labels(test),
                EvaluationReport::accuracy, 2, 7);
        assertThat(perm).hasSize(3);
        assertThat(perm.get(2).feature()).isEqualTo("proto"); // weakest signal
        assertThat(perm.get(0).importance()).isGreaterThan(0.1);
    }
}
