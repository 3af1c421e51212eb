package io.vigil.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.algorithms.Links;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain-Java LSTM forward pass agrees with DL4J's own output after training. */
class LstmForwardPassTest {

    @ParameterizedTest
    @CsvSource({"6, 1, 8, 1", "3, 2, 5, 2", "4, 1, 6, 3", "3, 4, 2, 1"})
    void javaForwardPassMatchesDl4j(int steps, int channels, int units, int layers) {
        // channels > 1: the spike-before-drop columns read as `channels` values per step; "3, 4, 2, 1" has more channels than units
        Table table = Tables.spikeBeforeDrop(400, steps * channels, 8);
        Pipeline p = Pipeline.fit(table, PipelineSpec.forLinear("label"));
        FeatureMatrix x = p.transform(table);
        TrainingData data = new TrainingData(x, p.labels(table), p.classes());
        FitSchedule s = new FitSchedule(2, 32, 0.02, 0, 0, 0.1);
        MultiLayerNetwork net = LstmNetworks.build(channels, steps, 2, units, layers, 0, s, 3);
        NetworkFitting.fit(net, data, Rows.sequence(steps), s, TrainingContext.of(3));
        LstmForward forward = LstmNetworks.forward(net, steps);

        float[][] dl4j = net.output(Rows.sequence(steps).features(x.data(), x.cols(), Rows.all(x)), false).toFloatMatrix();
        double[] margins = new double[1];
        double[] probabilities = new double[2];
        for (int r = 0; r < x.rows(); r++) {
            forward.margins(x.data(), r * x.cols(), margins);
            Links.apply(margins, probabilities);
            assertThat(probabilities[1]).as("row %d", r).isCloseTo(dl4j[r][0], within(1e-5));
        }
    }

    @org.junit.jupiter.api.Test
    void multiclassSoftmaxMatchesDl4j() {
        Table table = Tables.spikeBeforeDrop(300, 5, 9);
        Pipeline p = Pipeline.fit(table, PipelineSpec.forLinear("label"));
        FeatureMatrix x = p.transform(table);
        int[] y = new int[x.rows()];
        for (int r = 0; r < y.length; r++) y[r] = r % 3;   // labels need not be learnable to compare outputs
        TrainingData data = new TrainingData(x, y, java.util.List.of("a", "b", "c"));
        FitSchedule s = new FitSchedule(2, 32, 0.02, 0, 0, 0.1);
        MultiLayerNetwork net = LstmNetworks.build(1, 5, 3, 6, 1, 0, s, 4);
        NetworkFitting.fit(net, data, Rows.sequence(5), s, TrainingContext.of(4));
        LstmForward forward = LstmNetworks.forward(net, 5);

        float[][] dl4j = net.output(Rows.sequence(5).features(x.data(), x.cols(), Rows.all(x)), false).toFloatMatrix();
        double[] margins = new double[3];
        double[] probabilities = new double[3];
        for (int r = 0; r < x.rows(); r++) {
            forward.margins(x.data(), r * x.cols(), margins);
            Links.apply(margins, probabilities);
            for (int k = 0; k < 3; k++) assertThat(probabilities[k]).as("row %d class %d", r, k).isCloseTo(dl4j[r][k], within(1e-5));
        }
    }
}
