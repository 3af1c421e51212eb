package io.vigil.server.storage.crypto;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link DataKeys} in the {@code blob_data_keys} table (V29). */
public final class DataKeyRepository implements DataKeys {
    private static final RowMapper<DataKey> ROW = (rs, ctx) -> new DataKey(rs.getString("blob_key"), rs.getString("key_id"),
            rs.getBytes("wrapped_key"), rs.getString("sha256"), rs.getLong("size_bytes"));

    private final Jdbi jdbi;

    public DataKeyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void put(DataKey key) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into blob_data_keys (blob_key, key_id, wrapped_key, sha256, size_bytes, created_at)
                        values (:blobKey, :keyId, :wrapped, :sha256, :size, now())
                        on conflict (blob_key) do nothing""")
                .bind("blobKey", key.blobKey()).bind("keyId", key.keyId()).bind("wrapped", key.wrapped())
                .bind("sha256", key.sha256()).bind("size", key.size()).execute());
    }

    @Override
    public Optional<DataKey> find(String blobKey) {
        return jdbi.withHandle(h -> h.createQuery("select * from blob_data_keys where blob_key = :blobKey")
                .bind("blobKey", blobKey).map(ROW).findOne());
    }

    @Override
    public void delete(String blobKey) {
        jdbi.useHandle(h -> h.createUpdate("delete from blob_data_keys where blob_key = :blobKey").bind("blobKey", blobKey).execute());
    }

    @Override
    public List<DataKey> wrappedByOtherThan(String keyId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select * from blob_data_keys where key_id <> :keyId order by blob_key limit :limit")
                .bind("keyId", keyId).bind("limit", limit).map(ROW).list());
    }

    @Override
    public boolean rewrap(String blobKey, String oldKeyId, String newKeyId, byte[] wrapped) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        update blob_data_keys set key_id = :newKeyId, wrapped_key = :wrapped, rewrapped_at = now()
                        where blob_key = :blobKey and key_id = :oldKeyId""")
                .bind("blobKey", blobKey).bind("oldKeyId", oldKeyId).bind("newKeyId", newKeyId).bind("wrapped", wrapped)
                .execute()) == 1;
    }

    @Override
    public Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("select key_id, count(*) as n from blob_data_keys group by key_id")
                .map((rs, ctx) -> Map.entry(rs.getString("key_id"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }
}
