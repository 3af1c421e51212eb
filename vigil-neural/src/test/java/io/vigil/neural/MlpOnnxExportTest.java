package io.vigil.neural;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.onnx.OnnxExportTest;
import io.vigil.engine.table.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The perceptron exported to ONNX (its layers as {@code MatMul}s in double behind the one-hot,
 * imputing and scaling pipeline) answers in ONNX Runtime what Vigil answers on every KDDTest+ row,
 * to 1e-5: a small network trained briefly on part of KDDTrain+ (the comparison, not the accuracy, is the point).
 */
class MlpOnnxExportTest {

    @Test
    void everyKddTestRowScoresTheSameInOnnxRuntime() throws Exception {
        Table train = NslKdd.load("KDDTrain+.txt", true);
        Table part = train.select(java.util.stream.IntStream.range(0, 20_000).toArray());
        PipelineSpec spec = Algorithms.trainer("mlp").defaultPipeline(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY);
        TrainedModel mlp = Training.of(part, Algorithms.trainer("mlp")).pipeline(spec)
                .params(Map.of("hidden_layers", "16,8", "epochs", 3, "batch_size", 256)).seed(7).threads(2).run();
        OnnxExportTest.assertSameScores(mlp, NslKdd.load("KDDTest+.txt", true));
    }
}
