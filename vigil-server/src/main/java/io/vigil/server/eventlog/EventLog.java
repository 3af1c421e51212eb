package io.vigil.server.eventlog;

import io.vigil.server.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private static final EventLog DISABLED = new EventLog();

    private final Path dir;
    private final LinkedBlockingQueue<LogWriter.Request> queue = new LinkedBlockingQueue<>();
    private final LogWriter writer;
    private final ExecutorService archiver;
    private final FileChannel lockFile;
    private volatile boolean closed;

    private EventLog() {
        dir = null;
        writer = null;
        archiver = null;
        lockFile = null;
    }

    private EventLog(EventLogSettings settings, Clock clock) throws IOException {
        this.dir = settings.dir().toAbsolutePath();
        Files.createDirectories(dir);
        this.lockFile = lock(dir);
        Archive archive = new Archive(dir, settings);
        ExecutorService tidying = Executors.newSingleThreadExecutor(r -> daemon(r, "event-log-archiver"));
        try {
            archive.recover();
            writer = new LogWriter(settings, clock, dir, queue, () -> tidying.execute(archive::tidy));
        } catch (IOException | RuntimeException e) {
            tidying.shutdown();
            lockFile.close();
            throw e;
        }
        archiver = tidying;
        archiver.execute(archive::tidy);
        daemon(writer, "event-log-writer").start();
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
        await(submit(new LogWriter.Request(encoded, LogWriter.Request.Kind.LINES, new CompletableFuture<>())));
    }

    /** Rotates the day's file now (nothing happens to an empty one); returns once it is renamed. */
    public void rotate() {
        if (enabled()) await(submit(new LogWriter.Request(List.of(), LogWriter.Request.Kind.ROTATE, new CompletableFuture<>())));
    }

    /** Counts since open: lines and bytes written, writes (group commits), rotations, failed writes. */
    public EventLogStats stats() {
        return enabled() ? writer.stats() : new EventLogStats(0, 0, 0, 0, 0);
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
            queue.add(new LogWriter.Request(List.of(), LogWriter.Request.Kind.STOP, stopped));
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

    private CompletableFuture<Void> submit(LogWriter.Request r) {
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

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
