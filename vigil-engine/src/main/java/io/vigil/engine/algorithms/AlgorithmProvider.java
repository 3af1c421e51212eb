package io.vigil.engine.algorithms;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Contributes trainers to {@link Algorithms}: the engine's own ({@code classifiers},
 * {@code anomaly}) and another module's (e.g. {@code vigil-neural}) alike, so the registry depends
 * on no algorithm. Implementations are listed in
 * {@code META-INF/services/io.vigil.engine.algorithms.AlgorithmProvider} and found with
 * {@link java.util.ServiceLoader} when {@link Algorithms} is first used. Suppliers should be
 * cheap: heavy libraries belong in {@link Trainer#train} and {@link Trainer#load}, not here.
 */
public interface AlgorithmProvider {

    /** Registered name to trainer factory, in the order they are listed; names must not clash with another provider's. */
    Map<String, Supplier<Trainer>> trainers();

    /**
     * Other names users bring for this provider's algorithms (from XGBoost, scikit-learn...), each to
     * the registered name it means: {@code xgboost} → {@code gbm}. They must not clash with any
     * registered name or another provider's alias.
     */
    default Map<String, String> aliases() {
        return Map.of();
    }

    /**
     * Where this provider's algorithms are listed: lower first, equal ones by class name. The
     * engine's own come first (0 and 1), so a listing does not depend on the class path's order.
     */
    default int listingOrder() {
        return 100;
    }
}
