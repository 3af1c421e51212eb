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
 * monitoring do with predictions, without a server.
 */
public final class TinyModels {
    private TinyModels() {}

    /** 20 trees of depth 4 over two numeric inputs {@code a} and {@code b}: {@code attack} when a + b > 0, else {@code normal}. */
    public static TrainedModel attackWhenSumPositive() {
        Random random = new Random(5);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            rows.add(new String[] {Double.toString(a), Double.toString(b), a + b > 0 ? "attack" : "normal"});
        }
        return train(Table.fromRows(rows.iterator(), List.of("a", "b", "label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL)), 20, 4);
    }

    /** {@code x} (a number) and {@code proto} (tcp or udp) in, {@code attack} (x above 0) or {@code normal} out. */
    public static TrainedModel gbm(int rows, int rounds, int maxDepth) {
        Random random = new Random(3);
        List<String[]> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x = random.nextGaussian();
            data.add(new String[] {Double.toString(x), i % 3 == 0 ? "udp" : "tcp", x > 0 ? "attack" : "normal"});
        }
        return train(Table.fromRows(data.iterator(), List.of("x", "proto", "label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL)), rounds, maxDepth);
    }

    private static TrainedModel train(Table table, int rounds, int maxDepth) {
        return Training.of(table, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees("label"))
                .params(Map.of("rounds", rounds, "max_depth", maxDepth)).seed(1).threads(1).run();
    }
}
