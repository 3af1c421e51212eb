package io.vigil.server.models;

import java.util.Set;
import java.util.UUID;

/**
 * Follows deploys, rollbacks and retirements on the instance that makes them, synchronously: the
 * move answers only once every listener has returned, so what it reports is already in effect here.
 */
public interface DeploymentListener {
    /**
     * Before a deploy or rollback, the version it is about to put in place: a chance to load it
     * first. Throwing stops the move before anything changed.
     */
    void prepare(UUID modelId, int version);

    /** After the move committed: what serves {@code modelType} and {@code modelIds} changed. */
    void servingChanged(String modelType, Set<UUID> modelIds);
}
