/**
 * Neural-network trainers for the engine on DeepLearning4J: {@code mlp} (multilayer perceptron)
 * and {@code lstm} (many-to-one sequence classifier over windows made by
 * {@link io.vigil.engine.table.SequenceWindows}). DL4J trains them; both are scored by plain-Java
 * forward passes over the extracted weights ({@link io.vigil.neural.MlpModel},
 * {@link io.vigil.neural.LstmModel}). Registered through
 * {@link io.vigil.engine.algorithms.AlgorithmProvider}; nothing here touches DL4J (and so unpacks
 * its natives) until a network is trained or loaded.
 */
package io.vigil.neural;
