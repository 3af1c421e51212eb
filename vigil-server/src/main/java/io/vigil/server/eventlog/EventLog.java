package io.vigil.server.eventlog;

import io.vigil.server.core.Json;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of JSON objects, one per line, in files rotated by UTC day and by size,
 * compressed and pruned to a count once rotated ({@link EventLogFiles} names them). It knows nothing
 * of what the objects are.
 *
 * <p><b>The guarantee.</b> {@link #append} and {@link #appendAll} return once their lines are
 * written: handed whole to the operating system with {@code write(2)} (no buffer of ours holds them)
 * and, with {@link EventLogSettings.Fsync#ALWAYS}, forced to the device. So a crash of the process
 * ({@code kill -9} included) loses no acknowledged line, and with {@code ALWAYS} neither does a power
 * cut; what a crash can lose is lines whose append had not returned. Lines are written by one writer
 * thread in group commits: the lines of every caller waiting are written with one {@code write} (and
 * one {@code fsync}), so many writers cost one disk wait, not one each. A line is never split,
 * interleaved with another, or lost across a rotation: rotation happens on the same thread, between
 * writes. At open, a torn last line (a crash mid-write, never acknowledged) is cut off, a day's file
 * the process left behind is rotated, and compressions a stop interrupted are done again.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final int MAX_GROUP = 4096;
    private static final EventLog DISABLED = new EventLog();

    private final EventLogSettings settings;
    private final Clock clock;
    private final Path dir;
    private final Archive archive;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ExecutorService archiver;
    private final FileChannel lockFile;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    // the writer thread's alone
    private ActiveFile active;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private LocalDate indexDay;
    private int nextIndex;

    /** What the writer is asked: lines to write, a rotation, or to stop. */
    private record Request(List<byte[]> lines, Kind kind, CompletableFuture<Void> done) {
        enum Kind { LINES, ROTATE, STOP }
    }

    private EventLog() {
        settings = null;
        clock = null;
        dir = null;
        archive = null;
        lockFile = null;
        writer = null;
        archiver = null;
        closed = false;
    }

    private EventLog(EventLogSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.dir = settings.dir().toAbsolutePath();
        Files.createDirectories(dir);
        this.lockFile = lock(dir);
        this.archive = new Archive(dir, settings);
        try {
            archive.recover();
            LocalDate today = today();
            for (EventLogFiles.Active left : EventLogFiles.actives(dir)) {
                if (left.day().equals(today)) continue;
                ActiveFile.repair(left.path());
                retire(left.path(), left.day()); // a day the process did not see end
            }
            active = ActiveFile.open(EventLogFiles.active(dir, today), today);
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
        archiver = Executors.newSingleThreadExecutor(r -> daemon(r, "event-log-archiver"));
        archiver.execute(archive::tidy);
        writer = daemon(this::run, "event-log-writer");
        writer.start();
    }

    /** Opens the log in {@code settings.dir()} (made if need be), repaired as the class says; a log that writes nothing when disabled. */
    public static EventLog open(EventLogSettings settings, Clock clock) {
        if (!settings.enabled()) return DISABLED;
        try {
            return new EventLog(settings, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event log in " + settings.dir() + ": " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return writer != null;
    }

    /**
     * Writes one JSON object as a line; returns once it is written (see the class). The object is
     * written with the server's one mapper, {@code core.Json}.
     *
     * @throws IllegalArgumentException when it is not a JSON object
     * @throws UncheckedIOException     when it could not be written (nothing of it is then in the file:
     *                                  a failed write is cut back to the last whole line)
     * @throws IllegalStateException    after {@link #close}
     */
    public void append(Object event) {
        appendAll(List.of(event));
    }

    /**
     * Writes the objects as lines, in order, together: into one file, all or none of them; returns
     * once all are written.
     */
    public void appendAll(List<?> events) {
        if (!enabled() || events.isEmpty()) return;
        List<byte[]> encoded = new ArrayList<>(events.size());
        for (Object e : events) encoded.add(line(e));
        await(submit(new Request(encoded, Request.Kind.LINES, new CompletableFuture<>())));
    }

    /** Rotates the day's file now (nothing happens to an empty one); returns once it is renamed. */
    public void rotate() {
        if (enabled()) await(submit(new Request(List.of(), Request.Kind.ROTATE, new CompletableFuture<>())));
    }

    /** Counts since open: lines and bytes written, writes (group commits), rotations, failed writes. */
    public EventLogStats stats() {
        return new EventLogStats(lines.get(), bytes.get(), writes.get(), rotations.get(), failures.get());
    }

    /** Where the files are. */
    public Path dir() {
        return dir;
    }

    /** Writes what is queued, closes the file, and lets a compression under way finish (up to 30 s; the next open finishes it otherwise). */
    @Override
    public void close() {
        if (!enabled() || closed) return;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(new Request(List.of(), Request.Kind.STOP, stopped));
        }
        stopped.join();
        archiver.shutdown();
        try {
            archiver.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lockFile.close(); // releases the lock
        } catch (IOException e) {
            log.atWarn().setCause(e).log("event log: releasing its lock failed");
        }
    }

    /** One log per directory: a second writer, in this process or another, would interleave with the first. */
    private static FileChannel lock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) return channel;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by this process
        }
        channel.close();
        throw new IOException("another event log is open in " + dir + " (its .lock is held): one Vigil instance per directory");
    }

    private CompletableFuture<Void> submit(Request r) {
        synchronized (this) {
            if (closed) throw new IllegalStateException("the event log is closed");
            queue.add(r);
        }
        return r.done();
    }

    private static void await(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the event log wrote: the line may or may not be written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw new UncheckedIOException(u.getMessage(), u.getCause());
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The object's JSON and a newline; refused unless it is one JSON object on one line. */
    private static byte[] line(Object event) {
        byte[] json = Json.bytes(event);
        if (json.length < 2 || json[0] != '{' || json[json.length - 1] != '}') {
            throw new IllegalArgumentException("an event log line is a JSON object, not " + (event == null ? "null" : event.getClass().getSimpleName()));
        }
        for (byte b : json) {
            if (b == '\n' || b == '\r') throw new IllegalArgumentException("an event's JSON must be one line");
        }
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    // ---- the writer thread ----

    private void run() {
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
        if (archiver != null) archiver.execute(archive::tidy);
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

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
