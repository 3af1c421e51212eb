package io.vigil.server.privacy;

import java.time.Instant;
import java.util.List;

/** One kind of data that {@link Retention} deletes once it is older than its retention period. */
public interface RetentionTask {
    /** What it deletes, as the audit log and the logs name it: {@code datasets}, {@code events}. */
    String name();

    /**
     * Deletes what is older than {@code cutoff} and may go (a dataset a job is about to read, an event
     * of an unresolved incident stay).
     */
    Deleted deleteOlderThan(Instant cutoff);

    /**
     * @param ids     the ids deleted
     * @param skipped how many were old enough but had to stay
     */
    record Deleted(List<String> ids, int skipped) {
        public Deleted {
            ids = List.copyOf(ids);
        }
    }
}
