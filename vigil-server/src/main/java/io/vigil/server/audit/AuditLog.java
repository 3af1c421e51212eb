package io.vigil.server.audit;

import io.vigil.server.core.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: records each {@link AuditEvent} with the time from the injected clock, and lists
 * them back. Writing is off the request thread: {@link #record} only queues, and one writer thread
 * inserts what has queued in batches, so a change's answer never waits on the audit table.
 *
 * <p>Nothing is lost silently. When the queue is full, the request thread inserts its own row (the
 * caller waits rather than the row being dropped). The writer retries a batch the database refused,
 * backing off, until it is stored or Vigil stops. A row that cannot be stored at all (the database
 * is gone at shutdown, or refuses the row itself) is written to the log at ERROR, whole: it has no
 * secret in it. Why not the changes' own transactions: changes are made by many services, some in
 * jobs, and refused requests (401, 403) have no transaction at all; one place that sees every
 * answer records them all the same way.
 *
 * <p>{@link #find} first waits for what is queued on this instance to be stored, so an admin reads
 * the change just made.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    static final int QUEUE = 10_000;
    static final int BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

    private final AuditRepository repository;
    private final Clock clock;
    private final BlockingQueue<AuditRepository.Stamped> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private final Object progress = new Object();
    private long queued; // guarded by progress: events taken into the queue
    private long settled; // guarded by progress: of those, stored or logged as lost
    private volatile boolean running = true;

    AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.writer = new Thread(this::write, "vigil-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** The audit log of {@code jdbi}'s database, its writer started. */
    public static AuditLog start(Jdbi jdbi, Clock clock) {
        return new AuditLog(new AuditRepository(jdbi), clock);
    }

    /** Records {@code event}, stamped now; returns at once unless the queue is full (then it inserts the row itself). */
    public void record(AuditEvent event) {
        AuditRepository.Stamped stamped = new AuditRepository.Stamped(clock.instant(), event);
        synchronized (progress) {
            if (running && queue.offer(stamped)) {
                queued++;
                return;
            }
        }
        storeOrLog(List.of(stamped));
    }

    /** One page of the rows {@code filter} selects, newest first, after what this instance queued is stored. */
    public Page<AuditEntry> find(AuditFilter filter, int page, int size) {
        flush(FLUSH_WAIT);
        return repository.find(filter, page, size);
    }

    /** Waits, up to {@code max}, until everything queued so far is stored (or logged as lost). */
    void flush(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (progress) {
            long target = queued;
            while (settled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write() {
        List<AuditRepository.Stamped> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            AuditRepository.Stamped first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                running = false; // close() gave up waiting: what is left is stored by close()
                return;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            try {
                storeRetrying(batch);
            } catch (InterruptedException e) {
                running = false;
                storeOrLog(batch);
            }
            settle(batch.size());
            batch.clear();
        }
    }

    /** Stores {@code batch}, retrying with back-off while Vigil runs; then, once more, or it is logged. */
    private void storeRetrying(List<AuditRepository.Stamped> batch) throws InterruptedException {
        Duration wait = Duration.ofSeconds(1);
        while (running) {
            try {
                repository.insert(batch);
                return;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("rows", batch.size()).addKeyValue("retryInSeconds", wait.toSeconds())
                        .addKeyValue("error", e.toString()).log("cannot store audit rows; retrying");
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
            }
        }
        storeOrLog(batch);
    }

    private void storeOrLog(List<AuditRepository.Stamped> rows) {
        try {
            repository.insert(rows);
        } catch (RuntimeException e) {
            for (AuditRepository.Stamped row : rows) {
                AuditEvent ev = row.event();
                log.atError().addKeyValue("at", row.at()).addKeyValue("actor", ev.actor()).addKeyValue("actorKind", ev.actorKind())
                        .addKeyValue("role", ev.role() == null ? null : ev.role().wire()).addKeyValue("action", ev.action())
                        .addKeyValue("object", ev.object()).addKeyValue("result", ev.result()).addKeyValue("address", ev.address())
                        .addKeyValue("auditRequestId", ev.requestId()).addKeyValue("error", e.toString())
                        .log("audit row not stored: it is kept in this log line instead");
            }
        }
    }

    private void settle(int rows) {
        synchronized (progress) {
            settled += rows;
            progress.notifyAll();
        }
    }

    /** Stops taking rows into the queue, stores what is queued (retrying no more), and stops the writer. */
    @Override
    public void close() {
        synchronized (progress) {
            running = false;
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AuditRepository.Stamped> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            storeOrLog(left);
        }
    }
}
