package io.vigil.engine.onnx;

/**
 * A feed-forward network as its layers' numbers, for a model of another module (vigil-neural's
 * perceptron) to be exported without the engine knowing its class: per layer
 * {@code a' = act(a W + b)}, the last layer linear, its outputs the margins (logit or softmax inputs).
 */
public interface DenseNetwork {

    int layerCount();

    /** Layer {@code l}'s weights, row-major {@code [in * out]}: {@code w[i * out + j]}. */
    float[] layerWeights(int l);

    /** Layer {@code l}'s biases, {@code [out]}. */
    float[] layerBiases(int l);

    /** The hidden layers' activation: {@code relu}, {@code leakyrelu} (slope 0.01), {@code tanh} or {@code sigmoid}. */
    String hiddenActivation();
}
