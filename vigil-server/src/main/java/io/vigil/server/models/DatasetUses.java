package io.vigil.server.models;

import io.vigil.server.datasets.DatasetReference;
import io.vigil.server.datasets.DatasetReferences;
import io.vigil.server.datasets.DatasetUsage;
import io.vigil.server.jobs.JobQueue;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What the registry and the job queue hold of a dataset, for its delete: the versions trained,
 * evaluated or validated on it (they keep what it was when it goes), and the jobs yet to read it.
 */
public final class DatasetUses implements DatasetReferences {
    /** The payload fields by which jobs name the datasets they read: a training's, a batch scoring's. */
    private static final List<String> JOB_DATASET_FIELDS = List.of("datasetId", "validationDatasetId");

    private final ModelRepository repository;
    private final JobQueue queue;

    public DatasetUses(ModelRepository repository, JobQueue queue) {
        this.repository = repository;
        this.queue = queue;
    }

    @Override
    public DatasetUsage usage(Handle h, UUID datasetId) {
        List<DatasetUsage.JobUse> jobs = queue.activeNaming(h, JOB_DATASET_FIELDS, datasetId).stream()
                .map(j -> new DatasetUsage.JobUse(j.id(), j.kind(), j.state().wire())).toList();
        return new DatasetUsage(repository.versionsUsing(h, datasetId), jobs);
    }

    @Override
    public void deleted(Handle h, UUID datasetId, DatasetReference tombstone) {
        repository.keepDeletedDataset(h, datasetId, tombstone);
    }
}
