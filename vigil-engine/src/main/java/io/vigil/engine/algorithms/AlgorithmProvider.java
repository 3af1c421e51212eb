package io.vigil.engine.algorithms;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Contributes trainers from another module (e.g. {@code vigil-neural}) without the engine
 * depending on it. Implementations are listed in
 * {@code META-INF/services/io.vigil.engine.algorithms.AlgorithmProvider} and found with
 * {@link java.util.ServiceLoader} when {@link Algorithms} is first used. Suppliers should be
 * cheap: heavy libraries belong in {@link Trainer#train} and {@link Trainer#load}, not here.
 */
public interface AlgorithmProvider {

    /** Registered name to trainer factory; names must not clash with built-in ones. */
    Map<String, Supplier<Trainer>> trainers();
}
