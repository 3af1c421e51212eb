package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.anomaly.IsolationForestTrainer;
import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.testing.Synthetic;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
    static final Table TRAIN = Synthetic.table(2000, 1, true);
    static final Table TEST = Synthetic.table(RowBlocks.PARALLEL_ROWS + 500, 2, true); // a batch scored on every core

    static TrainedModel train(Trainer trainer, Map<String, ?> params) {
        PipelineSpec spec = trainer.task() == Task.ANOMALY_DETECTION ? trainer.defaultPipeline(null).withDrop("id", "label") // unsupervised
                : trainer.defaultPipeline("label").withDrop("id");
        return Training.of(TRAIN, trainer).pipeline(spec).params(params).seed(3).run();
    }

    @Test
    void oneRowAtATimeIntoOneReusedHolderGivesTheBatchsAnswersAndThePredictions() {
        TrainedModel m = train(new GradientBoostingTrainer(), Map.of("rounds", 10));
        FeatureMatrix x = m.features(TEST);
        ScoredRows batch = Scorer.score(m.model(), x, ScoredRows.withMargins());
        assertThat(batch.rows()).isEqualTo(x.rows());
        assertThat(batch.classes()).containsExactly("high", "low", "mid");
        assertThat(batch.hasAnomalyScores()).isFalse();
        assertThat(batch.anomalyScores()).isNull();
        ScoredRows one = new ScoredRows();
        for (int r = 0; r < x.rows(); r++) {
            Scorer.score(m.model(), x.data(), r * x.cols(), one);
            Prediction p = m.model().predict(x.data(), r * x.cols());
            assertThat(one.rows()).isEqualTo(1);
            assertThat(one.classIndex(0)).isEqualTo(batch.classIndex(r)).isEqualTo(p.classIndex());
            assertThat(one.label(0)).isEqualTo(batch.label(r)).isEqualTo(p.label());
            assertThat(one.confidence(0)).isEqualTo(batch.confidence(r)).isEqualTo(p.probabilities()[p.classIndex()]);
            for (int c = 0; c < 3; c++) {
                assertThat(one.probability(0, c)).isEqualTo(batch.probability(r, c)).isEqualTo(p.probabilities()[c]);
                assertThat(batch.margin(r, c)).isEqualTo(p.margins()[c]);
            }
        }
        assertThat(batch.classIndices()).containsExactly(m.model().classify(x));
        assertThatThrownBy(() -> one.margin(0, 0)).hasMessageContaining("margins were not kept");
    }

    @Test
    void aDetectorsAnomalyScoreIsItsOneMarginAndItFlagsWhatReachesItsThreshold() {
        TrainedModel m = train(new IsolationForestTrainer(), Map.of("trees", 20));
        FeatureMatrix x = m.features(TEST);
        ScoredRows rows = Scorer.score(m.model(), x, ScoredRows.withMargins());
        double threshold = ((io.vigil.engine.anomaly.DetectorModel) m.model()).threshold();
        assertThat(rows.hasAnomalyScores()).isTrue();
        double[] positive = m.model().scores(x);
        int flagged = 0;
        for (int r = 0; r < rows.rows(); r++) {
            assertThat(rows.anomalyScore(r)).isEqualTo(rows.margin(r, 0)).isEqualTo(rows.anomalyScores()[r])
                    .isEqualTo(rows.probability(r, 1)).isEqualTo(positive[r]);
            assertThat(rows.isAnomaly(r)).isEqualTo(rows.anomalyScore(r) >= threshold).isEqualTo(rows.label(r).equals("anomaly"));
            flagged += rows.isAnomaly(r) ? 1 : 0;
        }
        assertThat(flagged).isPositive().isLessThan(rows.rows());
    }

    @Test
    void aHolderReusedForAnotherModelTakesItsSizesAndACopyKeepsItsRows() {
        TrainedModel multiclass = train(new GradientBoostingTrainer(), Map.of("rounds", 5));
        TrainedModel detector = train(new IsolationForestTrainer(), Map.of("trees", 10));
        ScoredRows holder = new ScoredRows();
        Scorer.score(multiclass.model(), multiclass.features(TEST), holder);
        ScoredRows kept = holder.copy();
        FeatureMatrix x = detector.features(TEST);
        Scorer.score(detector.model(), x.data(), 0, holder);
        assertThat(holder.rows()).isEqualTo(1);
        assertThat(holder.classes()).containsExactly("normal", "anomaly");
        assertThat(holder.probability(0, 0) + holder.probability(0, 1)).isEqualTo(1.0);
        assertThat(holder.anomalyScore(0)).isEqualTo(detector.model().predict(x.data(), 0).score());
        assertThat(kept.rows()).isEqualTo(TEST.rowCount());
        assertThat(kept.classIndices()).containsExactly(multiclass.model().classify(multiclass.features(TEST)));
        assertThatThrownBy(() -> kept.anomalyScore(0)).hasMessageContaining("no anomaly score");
    }

    @Test
    void scoringRowAfterRowIntoAReusedHolderAllocatesNothing() {
        TrainedModel m = train(new GradientBoostingTrainer(), Map.of("rounds", 10));
        FeatureMatrix x = m.features(TEST);
        ScoredRows holder = new ScoredRows();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < x.rows(); r++) Scorer.score(m.model(), x.data(), r * x.cols(), holder); // sized, thread's scratch made
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int r = 0; r < x.rows(); r++) Scorer.score(m.model(), x.data(), r * x.cols(), holder);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated scoring %d rows", x.rows()).isLessThan(1024);
    }
}
