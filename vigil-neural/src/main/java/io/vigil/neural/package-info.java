/**
 * Neural-network trainers for the engine on DeepLearning4J: {@code mlp} (multilayer perceptron)
 * and {@code lstm} (many-to-one sequence classifier over windows made by
 * {@link io.vigil.engine.table.SequenceWindows}). Registered through
 * {@link io.vigil.engine.algorithms.AlgorithmProvider}; nothing here touches DL4J (and so unpacks
 * its natives) until a network is trained or loaded.
 */
package io.vigil.neural;
