package io.vigil.neural;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The activations a hidden layer may use, each with DL4J's name and the same function in plain
 * Java for {@link MlpModel}'s forward pass (leaky ReLU uses DL4J's default slope 0.01).
 */
enum HiddenActivation {
    RELU {
        @Override double apply(double v) { return v > 0 ? v : 0; }
    },
    LEAKYRELU {
        @Override double apply(double v) { return v > 0 ? v : 0.01 * v; }
    },
    TANH {
        @Override double apply(double v) { return Math.tanh(v); }
    },
    SIGMOID {
        @Override double apply(double v) { return 1 / (1 + Math.exp(-v)); }
    };

    abstract double apply(double v);

    String paramName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> paramNames() {
        return Arrays.stream(values()).map(HiddenActivation::paramName).toList();
    }

    static HiddenActivation of(String paramName) {
        return valueOf(paramName.toUpperCase(Locale.ROOT));
    }

    /** DL4J's activation of the same name; only called where DL4J is wanted. */
    org.nd4j.linalg.activations.Activation dl4j() {
        return org.nd4j.linalg.activations.Activation.valueOf(name());
    }
}
