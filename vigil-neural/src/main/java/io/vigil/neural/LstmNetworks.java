package io.vigil.neural;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the DL4J sequence classifier: stacked LSTMs, the last one's final step into a dense output layer. */
final class LstmNetworks {
    private LstmNetworks() {
    }

    static MultiLayerNetwork build(int channels, int timesteps, int classes, int units, int layers, double dropout, FitSchedule s, long seed) {
        boolean binary = classes == 2;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(s.learningRate()))
                .l2(s.l2())
                // recurrent gradients can explode on long windows
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
        for (int l = 0; l < layers; l++) {
            LSTM.Builder lstm = new LSTM.Builder().nOut(units).activation(Activation.TANH);
            // DL4J's dropOut takes the probability of *keeping* an input
            if (dropout > 0) lstm.dropOut(1 - dropout);
            list.layer(l == layers - 1 ? new LastTimeStep(lstm.build()) : lstm.build());
        }
        list.layer(new OutputLayer.Builder(binary ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MCXENT)
                .nOut(binary ? 1 : classes).activation(binary ? Activation.SIGMOID : Activation.SOFTMAX).build());
        list.setInputType(InputType.recurrent(channels, timesteps));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** Copies the weights out of the network for {@link LstmForward}. */
    static LstmForward forward(MultiLayerNetwork net, int timesteps) {
        int n = net.getnLayers();
        java.util.List<LstmForward.Layer> layers = new java.util.ArrayList<>();
        for (int l = 0; l < n - 1; l++) {
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(l);
            float[][] w = layer.getParam("W").castTo(DataType.FLOAT).toFloatMatrix();
            layers.add(new LstmForward.Layer(w.length, w[0].length / 4, flat(w), flat(layer.getParam("RW").castTo(DataType.FLOAT).toFloatMatrix()),
                    layer.getParam("b").castTo(DataType.FLOAT).toFloatVector()));
        }
        org.deeplearning4j.nn.api.Layer output = net.getLayer(n - 1);
        return new LstmForward(layers, flat(output.getParam("W").castTo(DataType.FLOAT).toFloatMatrix()),
                output.getParam("b").castTo(DataType.FLOAT).toFloatVector(), timesteps);
    }

    private static float[] flat(float[][] m) {
        int cols = m[0].length;
        float[] out = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, out, i * cols, cols);
        return out;
    }
}
