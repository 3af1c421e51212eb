package io.vigil.server.monitoring.retraining;

import java.util.Optional;
import java.util.UUID;

/**
 * Where a retrained version that beat the deployed one on held-out rows goes under the
 * {@code challenger} promotion: a port the wiring connects to the A/B tests of
 * {@code monitoring/experiments}; {@link #NONE} until it does (the version is then only registered,
 * validated, and the outcome says no experiment was started).
 */
public interface ChallengerExperiments {
    /** Starts no experiment. */
    ChallengerExperiments NONE = (modelId, modelType, champion, challenger, metric) -> Optional.empty();

    /**
     * Starts an A/B test of version {@code challenger} against the deployed {@code champion} of model
     * {@code modelId} (slot {@code modelType}) on {@code metric}; answers the experiment's id, or empty
     * when none was started.
     */
    Optional<String> start(UUID modelId, String modelType, int champion, int challenger, String metric);
}
