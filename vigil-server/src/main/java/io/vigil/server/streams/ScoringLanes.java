package io.vigil.server.streams;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stream's scoring threads on this instance, and a lane per partition: a partition's batches are scored one
 * after the other, in the order they were polled (so its verdicts are sent in the order of its offsets), while
 * the batches of other partitions are scored beside them on whichever thread is free. The consumer thread
 * meanwhile polls the next records. What waits here is bounded by the stream's backpressure ({@code maxInFlight}
 * counts records not yet scored).
 */
final class ScoringLanes implements AutoCloseable {
    private final ThreadPoolExecutor threads;
    private final Map<Integer, Lane> lanes = new HashMap<>(); // the consumer thread's only
    private volatile boolean closed;

    ScoringLanes(String stream, int count) {
        AtomicInteger made = new AtomicInteger();
        threads = new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vigil-stream-" + stream + "-score-" + made.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** Scores {@code batch} with {@code work} once the batches of {@code partition} handed over before it are done. */
    void submit(int partition, InFlightBatch batch, Consumer<InFlightBatch> work) {
        lanes.computeIfAbsent(partition, p -> new Lane()).add(new Task(batch, work));
    }

    /** Stops the threads: batches not begun are abandoned (never committed); those being scored are finished. */
    @Override
    public void close() {
        closed = true;
        for (Lane lane : lanes.values()) {
            lane.abandonWaiting();
        }
        threads.shutdown(); // no interrupt: it would break the producer's send mid-batch
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Task(InFlightBatch batch, Consumer<InFlightBatch> work) {}

    /** One partition's batches: at most one of them on a thread at a time, the next one queued behind the others' turns. */
    private final class Lane {
        private final ArrayDeque<Task> waiting = new ArrayDeque<>();
        private boolean scheduled;

        synchronized void add(Task task) {
            waiting.addLast(task);
            if (!scheduled) {
                scheduled = true;
                schedule();
            }
        }

        /** Runs this lane's oldest batch; then, if more wait, takes its turn again behind the other lanes. */
        private void runOne() {
            Task task;
            synchronized (this) {
                task = waiting.pollFirst();
            }
            try {
                if (task != null) {
                    if (closed) {
                        task.batch.abandon();
                    } else {
                        task.work.accept(task.batch);
                    }
                }
            } finally {
                synchronized (this) {
                    if (waiting.isEmpty()) {
                        scheduled = false;
                    } else {
                        schedule();
                    }
                }
            }
        }

        private void schedule() {
            try {
                threads.execute(this::runOne);
            } catch (RejectedExecutionException e) { // closed
                scheduled = false;
                abandonWaiting();
            }
        }

        synchronized void abandonWaiting() {
            for (Task t : waiting) {
                t.batch.abandon();
            }
            waiting.clear();
        }
    }
}
