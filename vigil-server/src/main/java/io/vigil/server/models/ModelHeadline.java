package io.vigil.server.models;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The figures a model is judged by at a glance: those of the version that answers its predictions
 * (the deployed one, else the latest), measured twice. {@code holdOut} is what its training job
 * measured on rows held out of training (or on the dataset it was told to test on); a score there
 * is often far higher than on other data, which {@code validation} shows when the version was
 * validated. The two are side by side so neither is mistaken for the other.
 *
 * @param deployed   whether {@code version} is the deployed one (else it is the latest, not deployed)
 * @param validation the version's latest validation, or null if it was never validated
 */
public record ModelHeadline(int version, boolean deployed, Map<String, Double> holdOut, Validation validation) {

    /**
     * A validation of the version on another dataset.
     *
     * @param datasetName its name; after a forced delete, the name the version recorded
     */
    public record Validation(UUID datasetId, String datasetName, boolean passed, Instant validatedAt, Map<String, Double> metrics) {}
}
