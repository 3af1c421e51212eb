package io.vigil.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.testing.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTest {
    static TrainingData data() {
        Table t = Synthetic.table(1200, 31, false);
        Pipeline p = Pipeline.fit(t, PipelineSpec.forTrees("label").withDrop("id"));
        return new TrainingData(p.transform(t), p.labels(t), p.classes());
    }

    @Test
    void crossValidationEvaluatesEveryFold() {
        var gbm = new GradientBoostingTrainer();
        CrossValidation.Result r = CrossValidation.run(gbm, gbm.validate(Map.of("rounds", 10)), data(), 3, TrainingContext.of(1).withThreads(2));
        assertThat(r.folds()).hasSize(3);
        assertThat(r.folds()).allSatisfy(f -> assertThat(f.rows()).isBetween(399L, 401L));
        assertThat(r.mean(EvaluationReport::rocAuc)).isGreaterThan(0.9);
    }

    @Test
    void gridSearchTriesEveryCombinationAndRanksByScore() {
        List<Double> progress = new ArrayList<>();
        HyperparameterSearch.Result r = HyperparameterSearch.grid(new GradientBoostingTrainer(), Map.of("rounds", 200, "early_stopping_rounds", 5),
                Map.of("max_depth", List.of(1, 3), "eta", List.of(0.01, 0.5)), data(), 3, EvaluationReport::rocAuc,
                TrainingContext.of(1).withThreads(2).withListener(p -> progress.add(p.fraction())));
        assertThat(r.trials()).hasSize(4);
        assertThat(progress).containsExactly(0.25, 0.5, 0.75, 1.0);
        assertThat(r.best().score()).isGreaterThanOrEqualTo(r.trials().get(3).score());
        assertThat(r.best().params()).containsKeys("max_depth", "eta", "rounds", "early_stopping_rounds");
    }

    @Test
    void randomSearchIsSeededAndValidatesBeforeTraining() {
        var gbm = new GradientBoostingTrainer();
        HyperparameterSearch.Result a = HyperparameterSearch.random(gbm, Map.of("rounds", 5), Map.of("max_depth", List.of(1, 2, 3, 4)), 2,
                data(), 2, EvaluationReport::accuracy, TrainingContext.of(9).withThreads(2));
        assertThat(a.trials()).hasSize(2);
        assertThatThrownBy(() -> HyperparameterSearch.grid(gbm, Map.of(), Map.of("max_depth", List.of(3, 99)), data(), 2,
                EvaluationReport::accuracy, TrainingContext.of(1))).isInstanceOf(InvalidHyperparameterException.class);
    }
}
