package io.vigil.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bundles hold DL4J's configuration JSON and a float32 parameter file, and load back to identical outputs. */
class NeuralPersistenceTest {

    @Test
    void mlpBundleRoundTripGivesIdenticalOutputs() {
        Table t = Tables.xor(300, 1);
        TrainedModel m = Training.of(t, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label"))
                .params(Map.of("hidden_layers", "8,4", "epochs", 2, "activation", "tanh")).seed(1).run();
        TrainedModel back = ModelBundle.fromBytes(ModelBundle.toBytes(m));

        assertThat(back.model()).isInstanceOf(MlpModel.class);
        assertThat(((MlpModel) back.model()).hiddenLayers()).containsExactly(8, 4);
        FeatureMatrix x = m.features(t);
        assertThat(back.model().probabilities(x)).isDeepEqualTo(m.model().probabilities(x));
        String json = new String(back.model().nativeFiles().get("network.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("DenseLayer").contains("\"seed\" : 1");
    }

    @Test
    void lstmBundleRoundTripGivesIdenticalOutputs() {
        Table t = Tables.spikeBeforeDrop(200, 4, 2);
        TrainedModel m = Training.of(t, new LstmTrainer()).pipeline(PipelineSpec.forLinear("label"))
                .params(Map.of("timesteps", 4, "units", 4, "epochs", 1)).seed(1).run();
        TrainedModel back = ModelBundle.fromBytes(ModelBundle.toBytes(m));

        assertThat(back.model()).isInstanceOf(LstmModel.class);
        FeatureMatrix x = m.features(t);
        assertThat(back.model().probabilities(x)).isDeepEqualTo(m.model().probabilities(x));
        assertThat(back.model().predict(x.row(7)).probabilities()).isEqualTo(m.model().predict(x.row(7)).probabilities());
    }

    @Test
    void parameterFileIsMagicCountAndLittleEndianFloats() {
        byte[] bytes = ParamsCodec.encode(new float[] {1.5f, -2f});
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("VNP1");
        assertThat(b.getInt(4)).isEqualTo(2);
        assertThat(b.getFloat(8)).isEqualTo(1.5f);
        assertThat(b.getFloat(12)).isEqualTo(-2f);
        assertThat(ParamsCodec.decode(bytes)).containsExactly(1.5f, -2f);
        assertThatThrownBy(() -> ParamsCodec.decode(java.util.Arrays.copyOf(bytes, 12))).hasMessageContaining("header says 2 float32");
        assertThatThrownBy(() -> ParamsCodec.decode(new byte[8])).hasMessageContaining("bad magic");
    }
}
