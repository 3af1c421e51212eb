package io.vigil.bench;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.Map;

/** The model and rows the benchmarks score: 100 trees of depth 6 on NSL-KDD's 41 features. */
final class BenchData {
    final TrainedModel model;
    final FeatureMatrix test;

    BenchData() {
        Table train = NslKdd.load("KDDTrain+.txt", true);
        Table testTable = NslKdd.load("KDDTest+.txt", true);
        model = Training.of(train, new GradientBoostingTrainer())
                .pipeline(PipelineSpec.forTrees(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY).withPositiveClass("attack"))
                .params(Map.of("rounds", 100, "max_depth", 6)).seed(42).threads(2).run();
        test = model.features(testTable);
    }
}
