package io.vigil.neural;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the DL4J perceptron, and turns a trained one into the plain-Java {@link MlpModel}. */
final class MlpNetworks {
    private MlpNetworks() {
    }

    static MultiLayerNetwork build(int features, int classes, int[] hidden, HiddenActivation activation, double dropout,
                                   FitSchedule s, long seed) {
        boolean binary = classes == 2;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(activation == HiddenActivation.RELU || activation == HiddenActivation.LEAKYRELU ? WeightInit.RELU : WeightInit.XAVIER)
                .updater(new Adam(s.learningRate()))
                .l2(s.l2())
                .list();
        int in = features;
        for (int width : hidden) {
            DenseLayer.Builder layer = new DenseLayer.Builder().nIn(in).nOut(width).activation(activation.dl4j());
            // DL4J's dropOut takes the probability of *keeping* a unit
            if (dropout > 0) layer.dropOut(1 - dropout);
            list.layer(layer.build());
            in = width;
        }
        list.layer(new OutputLayer.Builder(binary ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(binary ? 1 : classes).activation(binary ? Activation.SIGMOID : Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** Copies every layer's weights out of the network; the model no longer needs DL4J. */
    static MlpModel model(MultiLayerNetwork net, List<String> classes, HiddenActivation activation) {
        int layers = net.getnLayers();
        List<float[][]> weights = new ArrayList<>(layers);
        List<float[]> biases = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            Layer layer = net.getLayer(i);
            weights.add(layer.getParam("W").castTo(DataType.FLOAT).toFloatMatrix());
            biases.add(layer.getParam("b").castTo(DataType.FLOAT).toFloatVector());
        }
        return new MlpModel(classes, weights, biases, activation, NetworkFiles.write(net));
    }
}
