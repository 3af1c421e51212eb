package io.vigil.server.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * What a model version keeps of a dataset it was trained, evaluated or validated on: enough to
 * tell which data it was once the dataset is gone.
 *
 * @param fileSha256 SHA-256 of the file's bytes as uploaded: the dataset's {@code sha256} and its
 *                   download's ETag (not the hash of the rows a model trained on, which the
 *                   engine's provenance keeps as {@code dataSha256})
 * @param rows       rows of the file
 * @param deletedAt  when a forced delete removed the dataset; null while it exists
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetReference(UUID id, String name, String fileName, String fileSha256, long rows, Instant deletedAt) {

    public static DatasetReference of(Dataset d) {
        return new DatasetReference(d.id(), d.name(), d.fileName(), d.sha256(), d.rows(), null);
    }

    public DatasetReference deleted(Instant at) {
        return new DatasetReference(id, name, fileName, fileSha256, rows, at);
    }
}
