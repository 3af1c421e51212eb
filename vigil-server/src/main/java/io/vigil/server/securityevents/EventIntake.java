package io.vigil.server.securityevents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the events that verdicts raise on request threads and stores them off the request path:
 * a bounded queue and one thread, {@code vigil-security-events}, that records them in batches
 * ({@link SecurityEvents#record}: PostgreSQL, incidents, then the event log and the search index).
 * A full queue makes the request thread store its own event, so a flood slows predictions down
 * rather than losing events. A batch the database refuses is tried again three times, then logged
 * whole at ERROR and counted as lost. Events still queued when the process dies are lost: the
 * guarantee is that of the prediction log, and the event's id in the prediction's answer is a
 * promise only once {@code GET /ml/events/{id}} finds it.
 */
public final class EventIntake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);
    static final int CAPACITY = 10_000;
    static final int BATCH = 500;

    private final SecurityEvents events;
    private final BlockingQueue<SecurityEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public EventIntake(SecurityEvents events) {
        this.events = events;
        this.thread = new Thread(this::run, "vigil-security-events");
        this.thread.setDaemon(true);
    }

    public EventIntake start() {
        thread.start();
        return this;
    }

    /** Queues {@code e}; stores it on this thread when the queue is full. */
    public void offer(SecurityEvent e) {
        offered.incrementAndGet();
        if (!queue.offer(e)) {
            store(List.of(e));
        }
    }

    /** Events stored since start, and events lost to a database that refused them. */
    public long stored() {
        return stored.get();
    }

    public long lost() {
        return lost.get();
    }

    /** Waits until every event offered before this call is stored or lost (tests). */
    public void flush() {
        long target = offered.get();
        while (done.get() < target) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<SecurityEvent> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                SecurityEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<SecurityEvent> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                events.record(batch);
                stored.addAndGet(batch.size());
                done.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    lost.addAndGet(batch.size());
                    done.addAndGet(batch.size());
                    log.atError().setCause(e).addKeyValue("events", batch.size())
                            .addKeyValue("ids", batch.stream().map(b -> b.id().toString()).toList())
                            .log("security events could not be stored; they are lost");
                    return;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
