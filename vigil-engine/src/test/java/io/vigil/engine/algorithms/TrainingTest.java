package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.classifiers.LinearModel;
import io.vigil.engine.classifiers.LogisticRegressionTrainer;
import io.vigil.engine.classifiers.RandomForestTrainer;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.explain.Explainer;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.testing.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

class TrainingTest {
    final Table train = Synthetic.table(3000, 1, false);
    final Table test = Synthetic.table(1000, 2, false);

    static EvaluationReport evaluate(TrainedModel m, Table t) {
        return Evaluator.evaluate(m.model(), m.features(t), m.pipeline().labels(t));
    }

    @Test
    void gradientBoostingLearnsAndRecordsProvenance() {
        TrainedModel m = Training.of(train, new GradientBoostingTrainer())
                .pipeline(PipelineSpec.forTrees("label").withDrop("id").withPositiveClass("attack"))
                .params(Map.of("rounds", 30)).seed(5).threads(2).run();
        assertThat(evaluate(m, test).accuracy()).isGreaterThan(0.9);
        assertThat(evaluate(m, test).rocAuc()).isGreaterThan(0.95);
        Provenance p = m.provenance();
        assertThat(p.algorithm()).isEqualTo("gbm");
        assertThat(p.rows()).isEqualTo(3000);
        assertThat(p.seed()).isEqualTo(5);
        assertThat(p.dataSha256()).isEqualTo(train.contentSha256());
        assertThat(p.hyperparameters()).containsEntry("rounds", 30).containsEntry("max_depth", 4);
        assertThat(p.libraryVersions()).containsKeys("xgboost4j", "vigil-engine", "java");
        // raw records in, prediction out
        Prediction high = m.predict(Map.of("x1", 3.0, "x2", 2.0, "proto", "icmp"));
        assertThat(high.label()).isEqualTo("attack");
        assertThat(high.probabilities()[1]).isGreaterThan(0.9);
        assertThat(high.margin()).isCloseTo(Math.log(high.score() / (1 - high.score())), within(1e-9));
        Prediction unseen = m.predict(Map.of("x1", -3.0, "proto", "sctp", "extra", 1));
        assertThat(unseen.label()).isEqualTo("normal");
        var why = Explainer.of(m).explain(m.pipeline().encode(Map.of("x1", 3.0, "x2", 2.0, "proto", "icmp")), 0);
        assertThat(why.margin()).isCloseTo(high.margin(), within(1e-9));
        assertThat(why.top(1).get(0).feature()).isIn("x1", "x2");
    }

    @Test
    void trainsOnFlowRatesWithInfinitiesAndValuesBeyondFloatRange() {
        // CICIDS-style exports write "Infinity" for rates over a zero duration and huge byte rates
        List<String[]> rows = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            boolean attack = i % 2 == 0;
            String rate = i % 17 == 0 ? "Infinity" : i % 19 == 0 ? "1e39" : Double.toString((attack ? 1000 : 10) * random.nextDouble());
            rows.add(new String[] {rate, attack ? "attack" : "normal"});
        }
        Table flows = Table.fromRows(rows.iterator(), List.of("bytes_per_s", "label"),
                List.of(io.vigil.engine.table.ColumnKind.NUMERIC, io.vigil.engine.table.ColumnKind.CATEGORICAL));
        for (Trainer trainer : List.<Trainer>of(new GradientBoostingTrainer(), new RandomForestTrainer(), new LogisticRegressionTrainer())) {
            PipelineSpec spec = trainer.defaultPipeline("label").withPositiveClass("attack");
            TrainedModel m = Training.of(flows, trainer).pipeline(spec).seed(1).threads(2).run();
            double attack = m.predict(Map.of("bytes_per_s", "Infinity")).probabilities()[1];
            assertThat(attack).as(trainer.algorithm()).isBetween(0.0, 1.0);
            if (!(trainer instanceof LogisticRegressionTrainer)) { // 1e39 dwarfs the rest once scaled for a linear model
                assertThat(m.predict(Map.of("bytes_per_s", 900.0)).label()).as(trainer.algorithm()).isEqualTo("attack");
            }
        }
    }

    @Test
    void theAttackClassIsPositiveWhenTheOtherIsRecognisablyNormal() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean odd = i % 30 == 0;
            rows.add(new String[] {Double.toString(odd ? 50 + i % 7 : i % 10), odd ? "attack" : "normal", odd ? "DDoS" : i % 2 == 0 ? "BENIGN" : "PortScan"});
        }
        Table t = Table.fromRows(rows.iterator(), List.of("x", "binary", "multi"),
                List.of(io.vigil.engine.table.ColumnKind.NUMERIC, io.vigil.engine.table.ColumnKind.CATEGORICAL,
                        io.vigil.engine.table.ColumnKind.CATEGORICAL));
        Trainer forest = Algorithms.trainer("isolation_forest");
        // "normal" sorts after "attack"; left alone it would be class 1, the anomalies, and every metric inverted
        TrainedModel m = Training.of(t, forest).pipeline(forest.defaultPipeline("binary").withDrop("multi")).seed(1).run();
        assertThat(m.pipeline().classes()).containsExactly("normal", "attack");
        EvaluationReport scored = evaluate(m, t);
        assertThat(scored.perClass().get(1).recall()).isGreaterThan(0.9); // the attacks are the outliers
        // an anomaly score is no probability: no log loss or calibration for it
        assertThat(scored.summary()).containsKeys("accuracy", "roc_auc").doesNotContainKey("log_loss");
        assertThat(scored.calibration()).isEmpty();
        assertThatThrownBy(() -> Training.of(t, forest).pipeline(forest.defaultPipeline("multi").withDrop("binary")).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two classes").hasMessageContaining("[BENIGN, DDoS, PortScan]");
        Table unnamed = t.select(java.util.stream.IntStream.range(0, 300).filter(i -> i % 2 == 1 || i % 30 == 0).toArray());
        assertThatThrownBy(() -> Training.of(unnamed, forest).pipeline(forest.defaultPipeline("multi").withDrop("binary")).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anomalous one");
        TrainedModel named = Training.of(unnamed, forest).pipeline(forest.defaultPipeline("multi").withDrop("binary").withPositiveClass("DDoS"))
                .seed(1).run();
        assertThat(named.pipeline().classes()).containsExactly("PortScan", "DDoS");

        // supervised models too report precision, recall and explanations for the attack class
        Trainer gbm = new GradientBoostingTrainer();
        TrainedModel supervised = Training.of(t, gbm).pipeline(gbm.defaultPipeline("binary").withDrop("multi"))
                .params(Map.of("rounds", 3)).seed(1).run();
        assertThat(supervised.pipeline().classes()).containsExactly("normal", "attack");
        TrainedModel noHint = Training.of(unnamed, gbm).pipeline(gbm.defaultPipeline("multi").withDrop("binary"))
                .params(Map.of("rounds", 3)).seed(1).run();
        assertThat(noHint.pipeline().classes()).containsExactly("DDoS", "PortScan"); // by name, as before
    }

    @Test
    void provenanceTakesItsTimeFromTheCallersClock() {
        java.time.Instant then = java.time.Instant.parse("2021-03-04T05:06:07Z");
        TrainedModel m = Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 2)).clock(java.time.Clock.fixed(then, java.time.ZoneOffset.UTC)).run();
        assertThat(m.provenance().createdAt()).isEqualTo("2021-03-04T05:06:07Z");
    }

    @Test
    void sameSeedSameModel() {
        Training t = Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 5, "subsample", 0.7)).seed(9).threads(2);
        double[] a = t.run().scores(test);
        double[] b = t.run().scores(test);
        assertThat(a).containsExactly(b);
    }

    @Test
    void multiclassGradientBoostingMatchesXGBoost() throws Exception {
        Table mtrain = Synthetic.table(3000, 3, true);
        Table mtest = Synthetic.table(9000, 4, true); // over 8192 rows: probabilities(x) takes the parallel path
        TrainedModel m = Training.of(mtrain, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 20, "max_depth", 4)).seed(1).threads(2).run();
        assertThat(m.classes()).containsExactly("high", "low", "mid");
        FeatureMatrix x = m.features(mtest);
        float[][] expected = XGBoost.loadModel(m.model().nativeFiles().get("model.json"))
                .predict(new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN));
        double[][] actual = m.model().probabilities(x);
        for (int r = 0; r < x.rows(); r++) {
            for (int k = 0; k < 3; k++) assertThat(actual[r][k]).isCloseTo(expected[r][k], within(1e-6));
        }
        EvaluationReport report = evaluate(m, mtest);
        assertThat(report.accuracy()).isGreaterThan(0.8);
        assertThat(report.rocAuc()).isGreaterThan(0.9);
    }

    @Test
    void reportsProgressEveryRoundAndCanBeCancelled() {
        List<TrainingProgress> seen = new ArrayList<>();
        Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 10)).listener(seen::add).run();
        assertThat(seen).hasSize(10);
        assertThat(seen.get(0).round()).isEqualTo(1);
        assertThat(seen.get(9).fraction()).isEqualTo(1.0);

        CancellationToken token = new CancellationToken();
        List<Integer> rounds = new ArrayList<>();
        Training cancelled = Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 1000)).cancellation(token)
                .listener(p -> {
                    rounds.add(p.round());
                    if (p.round() == 3) token.cancel();
                });
        assertThatThrownBy(cancelled::run).isInstanceOf(TrainingCancelledException.class);
        assertThat(rounds).containsExactly(1, 2, 3);

        List<Integer> forestRounds = new ArrayList<>();
        Training.of(train, new RandomForestTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("trees", 20, "chunks", 4)).listener(p -> forestRounds.add(p.round())).run();
        assertThat(forestRounds).containsExactly(5, 10, 15, 20);
    }

    @Test
    void invalidHyperparametersFailBeforeTraining() {
        assertThatThrownBy(() -> Training.of(train, new RandomForestTrainer()).pipeline(PipelineSpec.forTrees("label"))
                .params(Map.of("trees", -1)).run()).isInstanceOf(InvalidHyperparameterException.class).hasMessageContaining("'trees'");
    }

    @Test
    void earlyStoppingKeepsTheBestRound() throws Exception {
        TrainedModel m = Training.of(train, new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 500, "eta", 0.5, "early_stopping_rounds", 5)).seed(3).threads(2).run();
        byte[] json = m.model().nativeFiles().get("model.json");
        int kept = XGBoost.loadModel(json).getNumBoostedRound();
        assertThat(kept).isLessThan(500).isGreaterThan(1);
        assertThat(((TreeEnsembleModel) m.model()).forest().treeCount()).isEqualTo(kept);
        FeatureMatrix x = m.features(test);
        float[][] expected = XGBoost.loadModel(json).predict(new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN));
        double[] actual = m.model().scores(x);
        for (int r = 0; r < x.rows(); r++) assertThat(actual[r]).isCloseTo(expected[r][0], within(1e-6));
    }

    @Test
    void logisticRegressionMatchesXGBoostLinear() throws Exception {
        TrainedModel m = Training.of(train, new LogisticRegressionTrainer()).pipeline(PipelineSpec.forLinear("label").withDrop("id")
                .withPositiveClass("attack")).params(Map.of("rounds", 50)).seed(1).threads(1).run();
        FeatureMatrix x = m.features(test);
        float[][] expected = XGBoost.loadModel(m.model().nativeFiles().get("model.json"))
                .predict(new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN));
        double[] actual = m.model().scores(x);
        for (int r = 0; r < x.rows(); r++) assertThat(actual[r]).isCloseTo(expected[r][0], within(1e-6));
        assertThat(evaluate(m, test).rocAuc()).isGreaterThan(0.95);
        LinearModel lm = (LinearModel) m.model();
        assertThat(lm.coefficient(0, m.pipeline().featureNames().indexOf("x1"))).isPositive();
    }

    @Test
    void randomForestLearns() {
        TrainedModel m = Training.of(train, new RandomForestTrainer()).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("trees", 30)).seed(2).threads(2).run();
        assertThat(evaluate(m, test).rocAuc()).isGreaterThan(0.95);
        Pipeline p = m.pipeline();
        assertThat(p.featureNames()).containsExactly("x1", "x2", "proto");
    }
}
