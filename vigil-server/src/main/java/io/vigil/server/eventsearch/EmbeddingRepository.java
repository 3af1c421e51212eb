package io.vigil.server.eventsearch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@code security_event_embeddings} (V24): the stored text embeddings of events, by event. */
public final class EmbeddingRepository {
    private final Jdbi jdbi;

    public EmbeddingRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An event's embedding: the model that made it, the SHA-256 of the text it was made of, the vector. */
    record StoredEmbedding(UUID eventId, String model, byte[] textSha256, float[] vector) {
        /** Whether this embedding was made by {@code model} from exactly {@code text}. */
        boolean isOf(String model, String text) {
            return this.model.equals(model) && Arrays.equals(textSha256, sha256(text));
        }
    }

    /**
     * Stores each embedding, replacing the event's previous one. An embedding of an event that is not (or
     * no longer) in {@code security_events} is skipped: the index may see an event before its row commits,
     * and its embedding is then stored the next time it is made.
     */
    int save(List<StoredEmbedding> embeddings) {
        if (embeddings.isEmpty()) return 0;
        return jdbi.withHandle(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    insert into security_event_embeddings (event_id, model, text_sha256, embedding)
                    select :id, :model, :sha, :embedding where exists (select 1 from security_events where id = :id)
                    on conflict (event_id) do update set model = excluded.model, text_sha256 = excluded.text_sha256,
                    embedding = excluded.embedding""");
            for (StoredEmbedding e : embeddings) {
                Float[] boxed = new Float[e.vector().length];
                for (int i = 0; i < boxed.length; i++) boxed[i] = e.vector()[i];
                batch.bind("id", e.eventId()).bind("model", e.model()).bind("sha", e.textSha256())
                        .bindArray("embedding", Float.class, (Object[]) boxed).add();
            }
            return Arrays.stream(batch.execute()).sum();
        });
    }

    /** The stored embeddings of these events, by event id (events without one are absent). */
    Map<UUID, StoredEmbedding> find(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) return Map.of();
        Map<UUID, StoredEmbedding> found = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("select event_id, model, text_sha256, embedding from security_event_embeddings"
                        + " where event_id = any(:ids)")
                .bindArray("ids", UUID.class, eventIds.toArray())
                .map((rs, ctx) -> new StoredEmbedding(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3), floats(rs.getArray(4))))
                .forEach(e -> found.put(e.eventId(), e)));
        return found;
    }

    /** How many embeddings are stored. */
    long count() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from security_event_embeddings").mapTo(Long.class).one());
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static float[] floats(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) values[i]).floatValue();
        return v;
    }
}
