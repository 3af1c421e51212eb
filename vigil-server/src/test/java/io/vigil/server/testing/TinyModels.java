package io.vigil.server.testing;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gradient-boosting models trained in memory in a moment, for unit tests of what serving and
 * monitoring do with predictions: {@code x} (a number) and {@code proto} (tcp or udp) in, attack
 * (x above 0) or normal out.
 */
public final class TinyModels {
    private TinyModels() {}

    public static TrainedModel gbm(int rows, int rounds, int maxDepth) {
        Random random = new Random(3);
        List<String[]> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x = random.nextGaussian();
            data.add(new String[] {Double.toString(x), i % 3 == 0 ? "udp" : "tcp", x > 0 ? "attack" : "normal"});
        }
        Table table = Table.fromRows(data.iterator(), List.of("x", "proto", "label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL));
        return Training.of(table, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees("label"))
                .params(Map.of("rounds", rounds, "max_depth", maxDepth)).seed(1).threads(1).run();
    }
}
