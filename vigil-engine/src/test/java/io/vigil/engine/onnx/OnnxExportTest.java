package io.vigil.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model exported to ONNX answers in ONNX Runtime what Vigil answers, on every row of KDDTest+
 * (22,544 rows, with services and flags the training rows lack): the same probabilities to 1e-5
 * and the same labels, for gradient boosting (binary and multiclass), the random forest and
 * logistic regression, each with the pipeline its trainer fits (ordinal codes with native
 * missing values for trees; one-hot, mean imputation and standard scaling for the linear model).
 */
public class OnnxExportTest {
    static Table train;
    static Table test;

    @BeforeAll
    static void load() {
        train = NslKdd.load("KDDTrain+.txt", true);
        test = NslKdd.load("KDDTest+.txt", true);
    }

    @Test
    void gradientBoosting() throws Exception {
        assertSameScores(train("gbm", train, Map.of("rounds", 40, "max_depth", 6)), test);
    }

    @Test
    void gradientBoostingMulticlass() throws Exception {
        Table multi = NslKdd.load("KDDTrain+.txt", false);
        assertSameScores(train("gbm", multi, Map.of("rounds", 5, "max_depth", 4)), test);
    }

    @Test
    void randomForest() throws Exception {
        assertSameScores(train("random_forest", train, Map.of("trees", 30, "max_depth", 8)), test);
    }

    @Test
    void logisticRegression() throws Exception {
        assertSameScores(train("logistic_regression", train, Map.of("rounds", 30)), test);
    }

    @Test
    void detectorsAreRefusedWithTheReason() {
        TrainedModel forest = train("isolation_forest", train.select(java.util.stream.IntStream.range(0, 2000).toArray()), Map.of());
        assertThatThrownBy(() -> OnnxExport.toBytes(forest)).isInstanceOf(OnnxExportException.class).hasMessageContaining("detector");
    }

    static TrainedModel train(String algorithm, Table table, Map<String, ?> params) {
        PipelineSpec spec = Algorithms.trainer(algorithm).defaultPipeline(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY);
        return Training.of(table, Algorithms.trainer(algorithm)).pipeline(spec).params(params).seed(7).threads(2).run();
    }

    /** Every row of {@code table}: ONNX Runtime's probabilities within 1e-5 of Vigil's, and the same label. */
    public static void assertSameScores(TrainedModel model, Table table) throws Exception {
        long exporting = System.nanoTime();
        byte[] onnx = OnnxExport.toBytes(model);
        exporting = System.nanoTime() - exporting;
        OnnxRuntimeScores.score(onnx, model.pipeline(), table); // warm-up: the session's first run
        long scoring = System.nanoTime();
        OnnxRuntimeScores.Scores ort = OnnxRuntimeScores.score(onnx, model.pipeline(), table);
        scoring = System.nanoTime() - scoring;
        long own = System.nanoTime();
        double[][] vigil = model.model().probabilities(model.features(table));
        own = System.nanoTime() - own;
        assertThat(ort.probabilities().length).isEqualTo(table.rowCount());
        double worst = 0;
        int labelsDiffer = 0;
        for (int r = 0; r < vigil.length; r++) {
            int best = 0;
            for (int k = 0; k < vigil[r].length; k++) {
                worst = Math.max(worst, Math.abs(vigil[r][k] - ort.probabilities()[r][k]));
                if (vigil[r][k] > vigil[r][best]) best = k;
            }
            if (!model.classes().get(best).equals(ort.labels()[r])) labelsDiffer++;
        }
        // the figures BENCHMARKS.md quotes ("ONNX export")
        System.out.printf("onnx export %s (%d classes): %d bytes in %d ms; %d rows: largest |difference| %.3g, ONNX Runtime %d ms "
                        + "(session, tensors and run), Vigil %d ms%n", model.model().algorithm(), model.classes().size(), onnx.length,
                exporting / 1_000_000, vigil.length, worst, scoring / 1_000_000, own / 1_000_000);
        assertThat(worst).as("largest probability difference").isLessThanOrEqualTo(1e-5);
        assertThat(labelsDiffer).as("rows whose label differs").isZero();
    }
}
