package io.vigil.server.datasets;

import io.vigil.server.core.VigilException;
import io.vigil.server.privacy.RetentionTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Datasets past {@code retention.datasetDays}, deleted as a forced delete is: the model versions
 * made from one keep its name, file name, SHA-256 and rows. One that a queued or running job will
 * read stays until the next round.
 */
public final class DatasetRetention implements RetentionTask {
    private static final int BATCH = 500;
    private final DatasetService service;
    private final DatasetRepository repository;

    public DatasetRetention(DatasetService service, DatasetRepository repository) {
        this.service = service;
        this.repository = repository;
    }

    @Override
    public String name() {
        return "datasets";
    }

    @Override
    public Deleted deleteOlderThan(Instant cutoff) {
        List<String> deleted = new ArrayList<>();
        int skipped = 0;
        List<UUID> batch;
        List<UUID> kept = new ArrayList<>();
        do {
            batch = repository.idsCreatedBefore(cutoff, kept, BATCH);
            for (UUID id : batch) {
                try {
                    service.delete(id, true);
                    deleted.add(id.toString());
                } catch (VigilException e) {
                    if (e.kind() != VigilException.Kind.NOT_FOUND) { // gone meanwhile: nothing to do
                        skipped++;
                        kept.add(id);
                    }
                }
            }
        } while (batch.size() == BATCH);
        return new Deleted(deleted, skipped);
    }
}
