package io.vigil.neural;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.ParamSpec;
import java.util.List;

/**
 * How a network is fitted, shared by both trainers: epochs of shuffled minibatches, optionally
 * stopping early when the loss on a held-out fraction has not improved for {@code patience} epochs
 * (the best epoch's weights are kept).
 */
record FitSchedule(int epochs, int batchSize, double learningRate, double l2, int patience, double validationFraction) {

    static List<ParamSpec> specs(int epochs, int batchSize, double learningRate) {
        return List.of(
                ParamSpec.integer("epochs", epochs, 1, 10_000, "passes over the training data").alsoCalled("max_iter"),
                ParamSpec.integer("batch_size", batchSize, 1, 65_536, "rows per gradient step"),
                ParamSpec.real("learning_rate", learningRate, 0, true, 1, "Adam step size").alsoCalled("learning_rate_init"),
                ParamSpec.real("l2", 0.0, 0, false, 10, "L2 weight penalty").alsoCalled("alpha"),
                ParamSpec.integer("patience", 0, 0, 1000, "stop after this many epochs without improvement on the held-out rows; 0 = never").alsoCalled("n_iter_no_change"),
                ParamSpec.real("validation_fraction", 0.1, 0, true, 0.5, "rows held out for early stopping (only when patience > 0)"));
    }

    static FitSchedule of(Hyperparameters p) {
        return new FitSchedule(p.getInt("epochs"), p.getInt("batch_size"), p.getDouble("learning_rate"), p.getDouble("l2"),
                p.getInt("patience"), p.getDouble("validation_fraction"));
    }
}
