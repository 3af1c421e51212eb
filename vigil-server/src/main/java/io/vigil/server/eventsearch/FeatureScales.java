package io.vigil.server.eventsearch;

import java.util.List;
import java.util.Optional;

/**
 * Port: how each model type's inputs are standardised for similar-event search. The lead supplies the
 * deployed version's numeric inputs with their mean and standard deviation from its training reference
 * profile. The order of the list is the order of the vector's components.
 */
@FunctionalInterface
public interface FeatureScales {

    /** The numeric features of {@code modelType} in order, or empty when the model type is unknown or has none. */
    Optional<List<FeatureScale>> of(String modelType);

    /** One numeric input: its name, and the mean and standard deviation of its training values. */
    record FeatureScale(String name, double mean, double std) {}
}
