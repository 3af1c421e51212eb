package io.vigil.server.datasets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vigil.engine.data.DetectedFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored, profiled dataset. Immutable: a new upload makes a new dataset. The bytes are kept as
 * uploaded (content-addressed in the blob store); {@code parsing} says how to read them again.
 */
public record Dataset(
        UUID id,
        String name,
        String description,
        String format,
        String labelColumn,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        long rows,
        int columns,
        List<SchemaColumn> schema,
        DetectedFormat parsing,
        Instant createdAt,
        @JsonIgnore String blobKey) {}
