package io.vigil.server.fuzz;

import io.vigil.server.testing.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the cases batch by batch ({@link FuzzPhase}), each batch on {@code threads} connections at
 * once, and between batches, with nothing in flight and no job queued or running, compares the
 * store's state ({@link StoreState}) with the one before the batch. A batch whose every request was
 * refused (4xx), or could change nothing (GET, HEAD, OPTIONS...), must leave it as it was: refused
 * batches always are such a batch, open ones now and then.
 */
final class FuzzRun {
    private static final Duration JOBS_WITHIN = Duration.ofMinutes(5);

    private final FuzzTarget target;
    private final FuzzCases cases;
    private final StoreState state;
    private final int threads;
    private final int batchSize;
    private final Duration answerWithin;

    /** @param state the server's store, or null when it cannot be read (a server fuzzed by URL) */
    FuzzRun(FuzzTarget target, FuzzCases cases, StoreState state, int threads, int batchSize, Duration answerWithin) {
        this.target = target;
        this.cases = cases;
        this.state = state;
        this.threads = threads;
        this.batchSize = batchSize;
        this.answerWithin = answerWithin;
    }

    /** Runs cases {@code first} to {@code first + requests - 1} into {@code report}. */
    void run(int first, int requests, FuzzReport report) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            StoreState.Snapshot before = settled(report);
            int end = first + requests;
            for (int start = first; start < end; ) {
                int stop = Math.min(end, (start / batchSize + 1) * batchSize);
                List<Sent> sent = batch(pool, start, stop, report);
                if (state != null) {
                    StoreState.Snapshot after = settled(report);
                    boolean refusedOnly = sent.size() == stop - start && sent.stream().allMatch(Sent::changesNothing);
                    if (before != null && after != null && refusedOnly) {
                        List<String> changes = before.changesTo(after);
                        report.batchChecked(FuzzPhase.of(start, batchSize), sent.stream().filter(s -> s.status >= 400).count(), changes.isEmpty());
                        if (!changes.isEmpty()) {
                            report.stateFinding("cases #" + start + "-" + (stop - 1) + " (" + FuzzPhase.of(start, batchSize).label()
                                    + ", all refused or safe) changed the store: " + String.join("; ", changes));
                        }
                    } else if (FuzzPhase.of(start, batchSize) == FuzzPhase.REFUSED) {
                        report.stateFinding("cases #" + start + "-" + (stop - 1) + ": a refused batch whose state could not be compared");
                    }
                    before = after;
                }
                start = stop;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * After the run: every job ended (within {@link #JOBS_WITHIN}), no model left {@code training},
     * no file left in the scratch directory and no partial file (given a few seconds to be cleaned up).
     */
    void finish(FuzzReport report) throws InterruptedException {
        if (state == null) {
            return;
        }
        state.awaitIdleJobs(JOBS_WITHIN);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> left = state.leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = state.leftovers();
        }
        left.forEach(l -> report.stateFinding("after the run: " + l));
    }

    /** The store's state once no job is queued or running; null (and a finding) if jobs run past {@link #JOBS_WITHIN}. */
    private StoreState.Snapshot settled(FuzzReport report) throws InterruptedException {
        if (state == null) {
            return null;
        }
        if (!state.awaitIdleJobs(JOBS_WITHIN)) {
            report.stateFinding("jobs still queued or running after " + JOBS_WITHIN.toMinutes() + " min: " + state.unfinishedJobs());
            return null;
        }
        return state.take();
    }

    private record Sent(FuzzCases.FuzzCase fuzzCase, int status) {
        boolean changesNothing() {
            return status >= 400 || !fuzzCase.mutating();
        }
    }

    private List<Sent> batch(ExecutorService pool, int start, int stop, FuzzReport report) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(start);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, stop - start); t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < stop; i = next.getAndIncrement()) {
                    try {
                        FuzzCases.FuzzCase c = cases.next(i);
                        RawHttp.Answer answer = RawHttp.exchange(target.host, target.port, c.request(), answerWithin, c.halfClose());
                        report.add(c, answer);
                        sent.add(new Sent(c, answer.status()));
                    } catch (RuntimeException e) {
                        report.harnessFailure("case #" + i + ": " + e);
                    }
                }
            }));
        }
        // every case answers within answerWithin (or is a finding); a batch that takes longer than all of them in a row hangs
        long deadline = System.nanoTime() + answerWithin.toNanos() * (stop - start + 1);
        for (Future<?> worker : workers) {
            try {
                worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                report.harnessFailure("cases #" + start + "-" + (stop - 1) + ": " + e);
            }
        }
        return new ArrayList<>(sent);
    }
}
