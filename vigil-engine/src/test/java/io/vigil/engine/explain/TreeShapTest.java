package io.vigil.engine.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeShapTest {

    /**
     * Twelve features, 8 % of cells missing, three classes that need interactions: depth-6 paths
     * over up to six distinct features, features split twice on one path, and missing values sent
     * either way.
     */
    static Table wide(int rows, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int f = 0; f < 12; f++) names.add("x" + f);
        names.add("label");
        List<ColumnKind> kinds = new ArrayList<>(Collections.nCopies(12, ColumnKind.NUMERIC));
        kinds.add(ColumnKind.CATEGORICAL);
        TableBuilder b = new TableBuilder(names, kinds);
        for (int r = 0; r < rows; r++) {
            double[] x = new double[12];
            String[] cells = new String[13];
            for (int f = 0; f < 12; f++) {
                x[f] = random.nextGaussian();
                cells[f] = random.nextDouble() < 0.08 ? "" : Double.toString(x[f]);
            }
            double s = x[0] * x[1] + x[2] - x[3] * x[4] + 0.5 * x[5] * x[6] + (x[7] > 0.3 ? x[8] : -x[9]) + 0.3 * random.nextGaussian();
            cells[12] = s < -0.5 ? "low" : s < 0.8 ? "mid" : "high";
            b.addRow(cells);
        }
        return b.build();
    }

    @Test
    void leafTablesGiveTheRecursionsContributionsForEveryClass() {
        TrainedModel m = Training.of(wide(4000, 3), new GradientBoostingTrainer()).pipeline(PipelineSpec.forTrees("label"))
                .params(Map.of("rounds", 30, "max_depth", 6)).seed(2).threads(2).run();
        TreeShap shap = new TreeShap(((TreeEnsembleModel) m.model()).forest());
        assertThat(shap.tableBytes()).as("no tables before the first explanation").isZero();
        FeatureMatrix x = m.features(wide(300, 4));
        int missing = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int f = 0; f < x.cols(); f++) missing += Float.isNaN(x.get(r, f)) ? 1 : 0;
            for (int output = 0; output < 3; output++) {
                double[] fast = shap.contributions(x.data(), r * x.cols(), output);
                double[] exact = shap.recursive(x.data(), r * x.cols(), output);
                double sum = 0;
                for (int f = 0; f < fast.length; f++) {
                    // the recursion's unwinding divides and multiplies back: it differs in the 8th digit
                    assertThat(fast[f]).as("row %d class %d feature %d", r, output, f).isCloseTo(exact[f], within(1e-6));
                    sum += fast[f];
                }
                double[] margins = new double[3];
                m.model().margins(x.data(), r * x.cols(), margins);
                assertThat(sum).as("row %d class %d: contributions + bias = margin", r, output).isCloseTo(margins[output], within(1e-6));
            }
        }
        assertThat(missing).as("missing cells explained").isGreaterThan(100);
        // 90 trees of up to 64 leaves, each leaf 2^k x k doubles for its k path features (k >= 1)
        assertThat(shap.tableBytes()).as("tables counted once built").isGreaterThan(90L * 16);
    }
}
