package io.vigil.server.datasets;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Those outside the datasets whose rows point at one (model versions, jobs), asked in the
 * transaction that deletes it, with its row locked: who still needs it, and, once it is deleted
 * anyway, to keep what it was. Their own code answers, so the datasets touch none of their rows.
 */
public interface DatasetReferences {
    /** The versions that used the dataset and the queued or running jobs that will read it, in {@code h}'s transaction. */
    DatasetUsage usage(Handle h, UUID datasetId);

    /** In {@code h}'s transaction, as the dataset goes: every record that points at it keeps {@code tombstone}. */
    void deleted(Handle h, UUID datasetId, DatasetReference tombstone);
}
