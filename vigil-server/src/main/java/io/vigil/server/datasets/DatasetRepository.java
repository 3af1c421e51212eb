package io.vigil.server.datasets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.engine.data.DetectedFormat;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.persistence.BlobLocks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code datasets} table. Every statement is here; nothing else writes SQL for datasets. */
public final class DatasetRepository {
    private static final String COLUMNS = "id, name, description, format, read_options::text as read_options, label_column, "
            + "original_filename, content_type, blob_key, sha256, size_bytes, row_count, column_count, schema::text as schema, created_at";
    /** Sort keys a caller may ask for, mapped to fixed SQL: nothing a caller sends reaches the query text. */
    private static final Map<String, String> SORTS = Map.of("createdat", "created_at", "name", "lower(name)");

    private final Jdbi jdbi;

    public DatasetRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static java.util.Set<String> sortKeys() {
        return SORTS.keySet();
    }

    /**
     * Inserts the dataset in one transaction, under the blob's lock, after {@code check} confirms
     * the blob is still there (a concurrent delete of a twin dataset may have removed it).
     */
    public void insert(Dataset d, String statsJson, Consumer<Handle> checkUnderLock) {
        jdbi.useTransaction(h -> {
            lockBlob(h, d.blobKey());
            checkUnderLock.accept(h);
            h.createUpdate("insert into datasets (id, name, description, format, read_options, label_column, original_filename, "
                            + "content_type, blob_key, sha256, size_bytes, row_count, column_count, schema, stats, created_at) "
                            + "values (:id, :name, :description, :format, cast(:readOptions as jsonb), :labelColumn, :fileName, "
                            + ":contentType, :blobKey, :sha256, :sizeBytes, :rows, :columns, cast(:schema as jsonb), "
                            + "cast(:stats as jsonb), :createdAt)")
                    .bind("id", d.id())
                    .bind("name", d.name())
                    .bind("description", d.description())
                    .bind("format", d.format())
                    .bind("readOptions", Json.write(d.parsing()))
                    .bind("labelColumn", d.labelColumn())
                    .bind("fileName", d.fileName())
                    .bind("contentType", d.contentType())
                    .bind("blobKey", d.blobKey())
                    .bind("sha256", d.sha256())
                    .bind("sizeBytes", d.sizeBytes())
                    .bind("rows", d.rows())
                    .bind("columns", d.columns())
                    .bind("schema", Json.write(d.schema()))
                    .bind("stats", statsJson)
                    .bind("createdAt", Timestamp.from(d.createdAt()))
                    .execute();
        });
    }

    public Optional<Dataset> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from datasets where id = :id")
                .bind("id", id).map(DatasetRepository::map).findOne());
    }

    /** The stored profile, as the JSON text it was saved as (served as is). */
    public Optional<String> stats(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select stats::text from datasets where id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /**
     * The distinct values the stored profile counted in one column (its {@code distinct}), read by
     * the database from the profile; empty if the dataset, the column or the count is not there.
     */
    public Optional<Long> distinctValues(UUID id, String column) {
        return jdbi.withHandle(h -> h.createQuery("select (c ->> 'distinct')::bigint from datasets d,"
                        + " jsonb_array_elements(d.stats -> 'columnProfiles') c where d.id = :id and c ->> 'name' = :column"
                        + " and c ->> 'distinct' is not null limit 1")
                .bind("id", id).bind("column", column).mapTo(Long.class).findOne());
    }

    /** Up to {@code limit} datasets made before {@code cutoff}, oldest first, but those in {@code except}. */
    List<UUID> idsCreatedBefore(Instant cutoff, List<UUID> except, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select id from datasets where created_at < :cutoff and not (id = any(:except))"
                        + " order by created_at, id limit :limit")
                .bind("cutoff", Timestamp.from(cutoff)).bindArray("except", UUID.class, except.toArray()).bind("limit", limit).mapTo(UUID.class).list());
    }

    public Page<Dataset> list(String nameContains, String format, String sort, boolean ascending, int page, int size) {
        String where = " where (cast(:name as text) is null or lower(name) like :pattern escape '\\')"
                + " and (cast(:format as text) is null or format = :format)";
        String pattern = nameContains == null ? null
                : "%" + nameContains.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String order = " order by " + SORTS.getOrDefault(sort, "created_at") + (ascending ? " asc" : " desc") + ", id";
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from datasets" + where)
                    .bind("name", nameContains).bind("pattern", pattern).bind("format", format)
                    .mapTo(Long.class).one();
            List<Dataset> items = h.createQuery("select " + COLUMNS + " from datasets" + where + order + " limit :limit offset :offset")
                    .bind("name", nameContains).bind("pattern", pattern).bind("format", format)
                    .bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map(DatasetRepository::map).list();
            return Page.of(items, page, size, total);
        });
    }

    /**
     * Deletes the row, in one transaction with the dataset's row locked: {@code approve} sees who
     * still uses the dataset ({@code references}) and throws to refuse; those that point at it are
     * then given {@code tombstone} (what the dataset was, and when it was deleted), so their
     * provenance stays readable. {@code whenBlobUnused} runs under the blob's lock, only if no other
     * dataset shares the blob.
     *
     * @return false if there was no such dataset
     */
    public boolean delete(Dataset d, DatasetReferences references, Consumer<DatasetUsage> approve, DatasetReference tombstone,
                          Consumer<String> whenBlobUnused) {
        return jdbi.inTransaction(h -> {
            lockBlob(h, d.blobKey());
            // a training that finishes concurrently records its version before this reads them, or waits
            if (h.createQuery("select id from datasets where id = :id for update").bind("id", d.id()).mapTo(UUID.class).findOne().isEmpty()) {
                return false;
            }
            DatasetUsage usage = references.usage(h, d.id());
            approve.accept(usage);
            if (!usage.versions().isEmpty()) {
                references.deleted(h, d.id(), tombstone);
            }
            h.createUpdate("delete from datasets where id = :id").bind("id", d.id()).execute();
            if (countByBlob(h, d.blobKey()) == 0) {
                whenBlobUnused.accept(d.blobKey());
            }
            return true;
        });
    }

    /** Whether any dataset still points at the blob (for sweeping orphans after a crash). */
    public boolean blobInUse(String blobKey) {
        return jdbi.withHandle(h -> countByBlob(h, blobKey) > 0);
    }

    /** The same, in {@code h}'s transaction (the orphan sweep asks under the blob's lock). */
    public boolean blobInUse(Handle h, String blobKey) {
        return countByBlob(h, blobKey) > 0;
    }

    private static long countByBlob(Handle h, String blobKey) {
        return h.createQuery("select count(*) from datasets where blob_key = :key").bind("key", blobKey).mapTo(Long.class).one();
    }

    private static void lockBlob(Handle h, String blobKey) {
        BlobLocks.lock(h, blobKey); // the orphan sweep takes the same lock before it deletes a blob
    }

    private static Dataset map(ResultSet rs, StatementContext ctx) throws SQLException {
        Instant created = rs.getTimestamp("created_at").toInstant();
        return new Dataset(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("format"),
                rs.getString("label_column"),
                rs.getString("original_filename"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256").trim(),
                rs.getLong("row_count"),
                rs.getInt("column_count"),
                Json.read(rs.getString("schema"), new TypeReference<List<SchemaColumn>>() {}),
                Json.read(rs.getString("read_options"), new TypeReference<DetectedFormat>() {}),
                created,
                rs.getString("blob_key"));
    }
}
