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
}
