package io.vigil.server.privacy;

import io.vigil.server.audit.AuditEvent;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.persistence.AdvisoryLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job ({@code vigil-retention}): every {@code retention.checkMinutes}, each task whose
 * retention period is set deletes what is older, and each run that deleted something is one row of
 * the audit log, by Vigil, naming what went. One instance at a time runs it (an advisory lock);
 * the others skip that round.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final AdvisoryLock LOCK = AdvisoryLock.named("vigil:retention");
    /** The ids an audit row lists (its values hold 200 characters); a larger run gives its count and the first of them. */
    static final int AUDITED_IDS = 5;

    /** A task with its period. */
    public record Scheduled(RetentionTask task, Duration keep) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Scheduled> tasks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-retention");
        t.setDaemon(true);
        return t;
    });

    public Retention(Jdbi jdbi, AuditLog audit, Clock clock, List<Scheduled> tasks) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.tasks = List.copyOf(tasks);
    }

    /** The tasks of the periods that are set ({@code retention.datasetDays}, {@code retention.eventDays}). */
    public static List<Scheduled> of(Optional<Duration> datasets, RetentionTask datasetTask, Optional<Duration> events, RetentionTask eventTask) {
        List<Scheduled> scheduled = new java.util.ArrayList<>();
        datasets.ifPresent(keep -> scheduled.add(new Scheduled(datasetTask, keep)));
        events.ifPresent(keep -> scheduled.add(new Scheduled(eventTask, keep)));
        return scheduled;
    }

    /** Runs now and then every {@code every}; nothing when no period is set. */
    public Retention start(Duration every) {
        if (!tasks.isEmpty()) {
            timer.scheduleWithFixedDelay(this::runQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One round now, unless another instance is running one: what each task deleted, by name. */
    public Optional<Map<String, RetentionTask.Deleted>> runOnce() {
        return LOCK.tryRun(jdbi, () -> {
            Map<String, RetentionTask.Deleted> done = new LinkedHashMap<>();
            for (Scheduled s : tasks) {
                Instant cutoff = clock.instant().minus(s.keep());
                RetentionTask.Deleted deleted = s.task().deleteOlderThan(cutoff);
                done.put(s.task().name(), deleted);
                if (!deleted.ids().isEmpty() || deleted.skipped() > 0) {
                    record(s.task().name(), cutoff, deleted);
                }
            }
            return done;
        });
    }

    private void record(String name, Instant cutoff, RetentionTask.Deleted deleted) {
        Map<String, String> object = new LinkedHashMap<>();
        object.put("olderThan", cutoff.toString());
        object.put("deleted", Integer.toString(deleted.ids().size()));
        object.put("skipped", Integer.toString(deleted.skipped()));
        List<String> listed = deleted.ids().subList(0, Math.min(AUDITED_IDS, deleted.ids().size()));
        if (!listed.isEmpty()) {
            object.put("ids", String.join(",", listed));
        }
        audit.record(AuditEvent.bySystem("retention." + name, object, 200));
        log.atInfo().addKeyValue("what", name).addKeyValue("olderThan", cutoff).addKeyValue("deleted", deleted.ids().size())
                .addKeyValue("skipped", deleted.skipped()).log("retention deleted old data");
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.atError().setCause(e).log("retention round failed; the next round tries again");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
