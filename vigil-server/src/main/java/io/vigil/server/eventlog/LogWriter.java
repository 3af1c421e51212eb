package io.vigil.server.eventlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log's one writer: takes every request waiting, writes their lines with one {@code write}
 * (and one {@code fsync} if asked), then acknowledges them; rotates between writes, by day, by size
 * or when asked. Everything here runs on its thread, but {@link #stats()}.
 */
final class LogWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    private static final int MAX_GROUP = 4096;

    /** What the writer is asked: lines to write, a rotation, or to stop. */
    record Request(List<byte[]> lines, Kind kind, CompletableFuture<Void> done) {
        enum Kind { LINES, ROTATE, STOP }
    }

    private final EventLogSettings settings;
    private final Clock clock;
    private final Path dir;
    private final BlockingQueue<Request> queue;
    private final Runnable rotated;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private ActiveFile active;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private LocalDate indexDay;
    private int nextIndex;

    /**
     * Readies the directory, which the archive has recovered: a day's file the process left behind is
     * rotated (its torn line cut), today's is opened.
     *
     * @param rotated told after each rotation (the archive tidies)
     */
    LogWriter(EventLogSettings settings, Clock clock, Path dir, BlockingQueue<Request> queue, Runnable rotated) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.dir = dir;
        this.queue = queue;
        this.rotated = rotated;
        LocalDate today = today();
        for (EventLogFiles.Active left : EventLogFiles.actives(dir)) {
            if (left.day().equals(today)) continue;
            ActiveFile.repair(left.path());
            retire(left.path(), left.day()); // a day the process did not see end
        }
        active = ActiveFile.open(EventLogFiles.active(dir, today), today);
    }

    EventLogStats stats() {
        return new EventLogStats(lines.get(), bytes.get(), writes.get(), rotations.get(), failures.get());
    }

    @Override
    public void run() {
        List<Request> group = new ArrayList<>();
        while (true) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops it
            }
            queue.drainTo(group, MAX_GROUP);
            try {
                if (process(group)) return;
            } catch (RuntimeException | Error e) { // a bug: fail the group's callers rather than leave them waiting
                log.atError().setCause(e).log("event log: the writer failed");
                buffer.clear();
                pending.clear();
                group.forEach(r -> r.done().completeExceptionally(e));
            }
        }
    }

    /** Writes a group of requests in order; whether it was told to stop. */
    private boolean process(List<Request> group) {
        if (active == null || !today().equals(active.day)) rotateSafely(null);
        for (Request r : group) {
            switch (r.kind()) {
                case LINES -> add(r);
                case ROTATE -> {
                    flush();
                    rotateSafely(r.done());
                }
                case STOP -> {
                    flush();
                    closeActive();
                    r.done().complete(null);
                    return true;
                }
            }
        }
        flush();
        return false;
    }

    /**
     * Adds a request's lines to the group. They go into one file together: if they would take it
     * past its size, the group so far is written and the file rotated first.
     */
    private void add(Request r) {
        int length = 0;
        for (byte[] line : r.lines()) length += line.length;
        long fileSize = active == null ? 0 : active.size();
        if (fileSize + buffer.position() > 0 && fileSize + buffer.position() + length > settings.maxFileBytes()) {
            if (flush()) rotateSafely(null);
        }
        if (buffer.remaining() < length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + length));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        for (byte[] line : r.lines()) buffer.put(line);
        pending.add(r.done());
    }

    /**
     * Writes the group, forces it if asked, and acknowledges its appends; a failure fails them all
     * (the file is cut back to its last whole line). Whether it wrote.
     */
    private boolean flush() {
        if (buffer.position() == 0 && pending.isEmpty()) return true;
        int size = buffer.position();
        int count = 0;
        buffer.flip();
        for (int i = 0; i < size; i++) {
            if (buffer.get(i) == '\n') count++;
        }
        IOException failure = null;
        try {
            if (active == null) active = ActiveFile.open(EventLogFiles.active(dir, today()), today());
            active.write(buffer);
            if (settings.fsync() == EventLogSettings.Fsync.ALWAYS) active.force();
        } catch (IOException e) {
            failure = e;
            closeActive(); // reopened, and repaired, for the next group
        }
        buffer.clear();
        if (failure == null) {
            lines.addAndGet(count);
            bytes.addAndGet(size);
            writes.incrementAndGet();
            pending.forEach(f -> f.complete(null));
        } else {
            failures.incrementAndGet();
            log.atError().addKeyValue("dir", dir).addKeyValue("lines", count).setCause(failure).log("event log: a write failed; its appends fail");
            UncheckedIOException error = new UncheckedIOException("the event log could not write: " + failure.getMessage(), failure);
            pending.forEach(f -> f.completeExceptionally(error));
        }
        pending.clear();
        return failure == null;
    }

    /** Rotates the day's file and opens today's; the request, if any, learns how it went. */
    private void rotateSafely(CompletableFuture<Void> done) {
        try {
            if (active != null) {
                ActiveFile old = active;
                active = null;
                old.close();
                retire(old.path, old.day);
            }
            active = ActiveFile.open(EventLogFiles.active(dir, today()), today());
            if (done != null) done.complete(null);
        } catch (IOException e) {
            failures.incrementAndGet();
            log.atError().addKeyValue("dir", dir).setCause(e).log("event log: rotation failed");
            if (done != null) done.completeExceptionally(new UncheckedIOException("the event log could not rotate: " + e.getMessage(), e));
        }
    }

    /** A closed day's file becomes the next rotated file of its day (an empty one is deleted), and the archive tidies. */
    private void retire(Path file, LocalDate day) throws IOException {
        if (Files.size(file) == 0) {
            Files.delete(file);
            return;
        }
        if (!day.equals(indexDay)) {
            indexDay = day;
            nextIndex = EventLogFiles.nextIndex(dir, day);
        }
        Files.move(file, EventLogFiles.rotated(dir, day, nextIndex++), StandardCopyOption.ATOMIC_MOVE);
        if (settings.fsync() == EventLogSettings.Fsync.ALWAYS) forceDirectory();
        rotations.incrementAndGet();
        rotated.run();
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.atDebug().setCause(e).log("event log: the directory cannot be forced on this system");
        }
    }

    private void closeActive() {
        if (active == null) return;
        try {
            active.close();
        } catch (IOException e) {
            log.atWarn().setCause(e).log("event log: closing the day's file failed");
        }
        active = null;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
