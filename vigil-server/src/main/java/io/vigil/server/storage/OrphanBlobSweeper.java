package io.vigil.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what a crash leaves in the blob store: temporary files of uploads that never finished,
 * and blobs that no record points to (stored, then the process died before the row recording them
 * was committed); and this instance's working files ({@link ScratchFiles}) a crash left behind. It runs at start and then periodically, since a crash a moment before a restart
 * leaves blobs too young to go at that start.
 *
 * <p>Several instances may share the store and the database, so nothing here relies on knowing
 * what the others do. A blob is a candidate only once its own age, as the store reports it,
 * passes the grace period (committing content that is already stored makes it young again), and
 * it is deleted only under the lock that writers of records take on its key, after checking once
 * more that it is still old and that nothing points at it. So every writer must record a blob
 * within the grace period of committing it; a writer that records it under the lock and checks
 * that it still exists (as uploads do) fails cleanly rather than point at a deleted blob.
 */
public final class OrphanBlobSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrphanBlobSweeper.class);
    /** Far longer than any write takes between storing a blob and recording it, and than clock skew between instances. */
    public static final Duration GRACE = Duration.ofHours(1);

    /** The records that point at blobs (datasets, model versions …), and the lock their writers take on a key. */
    public interface Records {
        /** Whether any record points at {@code key}: a quick look, without the lock. */
        boolean pointAt(String key);

        /**
         * Under the lock on {@code key}, with no record pointing at it then, runs {@code delete} and
         * returns its answer; returns false if a record points at it.
         */
        boolean deleteIfNonePointAt(String key, BooleanSupplier delete);
    }

    /** What one sweep removed. */
    public record Sweep(int temporaryFiles, int blobs, long blobBytes, int scratchFiles) {}

    private final BlobStore blobs;
    private final Records records;
    private final Clock clock;
    private final Duration grace;
    private final ScratchFiles scratch;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-blob-sweeper");
        t.setDaemon(true);
        return t;
    });

    public OrphanBlobSweeper(BlobStore blobs, Records records, Clock clock, Duration grace) {
        this(blobs, records, clock, grace, ScratchFiles.NONE);
    }

    /** Also sweeps this instance's working files ({@code scratch}) that a crash left. */
    public OrphanBlobSweeper(BlobStore blobs, Records records, Clock clock, Duration grace, ScratchFiles scratch) {
        this.blobs = blobs;
        this.records = records;
        this.clock = clock;
        this.grace = grace;
        this.scratch = scratch;
    }

    /** Sweeps now in the background, then every {@code interval} after the previous sweep ended. */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::sweepAndLog, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One sweep: temporary files and unreferenced blobs older than the grace period. */
    public Sweep sweep() throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        int temporary = blobs.sweepTemporary(cutoff);
        int scratchFiles = scratch.sweep(cutoff);
        List<BlobInfo> old;
        try (var all = blobs.list()) {
            old = all.filter(b -> b.createdAt().isBefore(cutoff)).toList();
        }
        int removed = 0;
        long bytes = 0;
        for (BlobInfo blob : old) {
            if (Thread.currentThread().isInterrupted()) {
                break; // stopping: the next start sweeps the rest
            }
            // most old blobs are in use: a look without the lock rules them out cheaply
            if (!records.pointAt(blob.key()) && records.deleteIfNonePointAt(blob.key(), () -> deleteIfOld(blob.key(), cutoff))) {
                removed++;
                bytes += blob.size();
                log.atInfo().addKeyValue("blobKey", blob.key()).addKeyValue("bytes", blob.size())
                        .addKeyValue("createdAt", blob.createdAt()).log("orphan blob removed: no record points to it");
            }
        }
        return new Sweep(temporary, removed, bytes, scratchFiles);
    }

    /** Under the key's lock, with no record pointing at it: the blob goes only if it is still old. */
    private boolean deleteIfOld(String key, Instant cutoff) {
        try {
            Optional<BlobInfo> now = blobs.stat(key);
            if (now.isEmpty() || !now.get().createdAt().isBefore(cutoff)) {
                return false; // gone, or committed again by an upload in flight
            }
            return blobs.delete(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sweepAndLog() {
        try {
            Sweep s = sweep();
            if (s.temporaryFiles() > 0 || s.blobs() > 0 || s.scratchFiles() > 0) {
                log.atInfo().addKeyValue("temporaryFiles", s.temporaryFiles()).addKeyValue("blobs", s.blobs())
                        .addKeyValue("scratchFiles", s.scratchFiles())
                        .addKeyValue("bytes", s.blobBytes()).log("blob store swept of what interrupted writes left");
            }
        } catch (IOException | RuntimeException e) {
            // the database or the store is unavailable for now: the next sweep tries again
            log.atWarn().setCause(e).log("blob store sweep failed; trying again at the next one");
        }
    }

    /** Stops sweeping; a sweep in progress is interrupted between blobs at worst. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
