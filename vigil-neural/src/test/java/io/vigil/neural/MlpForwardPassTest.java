package io.vigil.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain-Java forward pass agrees with DL4J's own output on real NSL-KDD rows. */
class MlpForwardPassTest {

    @ParameterizedTest
    @CsvSource({"binary, relu, '32,16'", "binary, tanh, '12'", "binary, leakyrelu, '16,8,8'", "multiclass, sigmoid, '16'"})
    void javaForwardPassMatchesDl4j(String task, String activation, String hidden) {
        Table table = NslKdd.load("KDDTrain+_20Percent.txt", task.equals("binary")).select(Rows.all(2000));
        Pipeline p = Pipeline.fit(table, PipelineSpec.forLinear(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY));
        FeatureMatrix x = p.transform(table);
        TrainingData data = new TrainingData(x, p.labels(table), p.classes());
        HiddenActivation act = HiddenActivation.of(activation);
        FitSchedule s = new FitSchedule(1, 100, 0.01, 0, 0, 0.1);
        MultiLayerNetwork net = MlpNetworks.build(x.cols(), p.classes().size(), HiddenLayers.parse("mlp", hidden), act, 0, s, 5);
        NetworkFitting.fit(net, data, Rows.DENSE, s, TrainingContext.of(5));
        MlpModel model = MlpNetworks.model(net, p.classes(), act);

        int[] rows = Rows.all(1000);
        float[][] dl4j = net.output(Rows.DENSE.features(x.data(), x.cols(), rows), false).toFloatMatrix();
        double[][] java = model.probabilities(x.select(rows));
        int classes = p.classes().size();
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < classes; k++) {
                double expected = classes == 2 ? (k == 1 ? dl4j[r][0] : 1 - dl4j[r][0]) : dl4j[r][k];
                assertThat(java[r][k]).as("row %d class %d (%s)", r, k, List.of(task, activation, hidden)).isCloseTo(expected, within(1e-5));
            }
        }
    }
}
