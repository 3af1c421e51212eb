package io.vigil.server.featurestore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@code feature_events} (V20): the raw events posted to each definition, for a restart to rebuild from. */
final class FeatureEventRepository {
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {};

    /** An event and its time. */
    record Stored(Instant at, Map<String, Object> event) {}

    private final Jdbi jdbi;

    FeatureEventRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(String name, List<Stored> events, Instant receivedAt) {
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("insert into feature_events (name, at, event, received_at)"
                    + " values (:name, :at, cast(:event as jsonb), :received)");
            for (Stored e : events) {
                batch.bind("name", name).bind("at", e.at()).bind("event", Json.write(e.event())).bind("received", receivedAt).add();
            }
            batch.execute();
        });
    }

    /** The events of {@code name} at or after {@code since}, in time order (at most {@code limit}, the latest). */
    List<Stored> since(String name, Instant since, int limit) {
        List<Stored> latest = jdbi.withHandle(h -> h.createQuery("select at, event from feature_events where name = :name and at >= :since"
                        + " order by at desc limit :limit")
                .bind("name", name).bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> new Stored(rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                        Json.read(rs.getString("event"), RECORD)))
                .list());
        java.util.Collections.reverse(latest);
        return latest;
    }

    /** Deletes the events of {@code name} before {@code before}. */
    int deleteBefore(String name, Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("delete from feature_events where name = :name and at < :before")
                .bind("name", name).bind("before", before).execute());
    }
}
