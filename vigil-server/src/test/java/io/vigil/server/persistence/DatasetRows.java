package io.vigil.server.persistence;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Writes and counts rows of the datasets table, as the dataset API will. */
final class DatasetRows {
    private DatasetRows() {}

    static UUID insert(Jdbi jdbi, String name) {
        UUID id = UUID.randomUUID();
        jdbi.useHandle(h -> h.createUpdate("""
                insert into datasets (id, name, description, format, read_options, label_column,
                    original_filename, content_type, blob_key, sha256, size_bytes, row_count,
                    column_count, schema, stats)
                values (:id, :name, 'test', 'csv', cast(:readOptions as jsonb), 'label', 'kdd.csv',
                    'text/csv', :blobKey, :sha256, 1234, 10, 3, cast(:schema as jsonb), cast(:stats as jsonb))
                """)
                .bind("id", id)
                .bind("name", name)
                .bind("readOptions", "{\"delimiter\":\",\",\"header\":true}")
                .bind("blobKey", "sha256/" + "a".repeat(64))
                .bind("sha256", "a".repeat(64))
                .bind("schema", "[{\"name\":\"duration\",\"type\":\"numeric\"}]")
                .bind("stats", "{}")
                .execute());
        return id;
    }

    static boolean exists(Jdbi jdbi, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from datasets where id = :id")
                .bind("id", id).mapTo(Integer.class).one()) == 1;
    }
}
