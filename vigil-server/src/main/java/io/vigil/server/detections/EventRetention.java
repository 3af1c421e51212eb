package io.vigil.server.detections;

import io.vigil.server.eventsearch.EventSearch;
import io.vigil.server.privacy.RetentionTask;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Security events past {@code retention.eventDays}: closed incidents (resolved, false positive) last
 * seen before the cutoff go with their activity, then every ended event last seen before it that no
 * unresolved incident holds, in batches, and out of this instance's search index. An event of an
 * open or acknowledged incident stays as long as the incident is worked on; an anomaly still going
 * on stays too.
 */
final class EventRetention implements RetentionTask {
    private static final int BATCH = 5_000;
    private final Jdbi jdbi;
    private final EventSearch search;

    EventRetention(Jdbi jdbi, EventSearch search) {
        this.jdbi = jdbi;
        this.search = search;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Deleted deleteOlderThan(Instant cutoff) {
        Timestamp before = Timestamp.from(cutoff);
        List<String> deleted = new ArrayList<>();
        jdbi.useHandle(h -> h.createUpdate("delete from incidents where status in ('resolved', 'false_positive') and last_seen_at < :before")
                .bind("before", before).execute());
        List<UUID> batch;
        do {
            batch = jdbi.withHandle(h -> h.createQuery("""
                            delete from security_events where id in (
                              select e.id from security_events e
                              where e.ended_at is not null and e.last_seen_at < :before
                                and not exists (select 1 from incidents i where i.id = e.incident_id and i.status in ('open', 'acknowledged'))
                              limit :batch)
                            returning id""")
                    .bind("before", before).bind("batch", BATCH).mapTo(UUID.class).list());
            search.remove(batch);
            batch.forEach(id -> deleted.add(id.toString()));
        } while (batch.size() == BATCH);
        int kept = jdbi.withHandle(h -> h.createQuery("""
                        select count(*) from security_events e
                        where e.last_seen_at < :before""").bind("before", before).mapTo(Integer.class).one());
        return new Deleted(deleted, kept);
    }
}
