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

/** Small models trained in a test's own JVM, without a server. */
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
        Table table = Table.fromRows(rows.iterator(), List.of("a", "b", "label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        return Training.of(table, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees("label"))
                .params(Map.of("rounds", 20, "max_depth", 4)).seed(1).threads(1).run();
    }
}
