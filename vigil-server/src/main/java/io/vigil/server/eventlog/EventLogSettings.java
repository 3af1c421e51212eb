package io.vigil.server.eventlog;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What the JSON-lines event log is configured with ({@code eventLog.*}).
 *
 * @param enabled      whether events are written at all (on)
 * @param dir          where the files are ({@code <dataDir>/events})
 * @param maxFileBytes a file is rotated before a line would take it past this (100 MiB); a single
 *                     longer line gets a file of its own
 * @param retainFiles  rotated files kept, the newest; older ones are deleted (30)
 * @param compress     rotated files are gzip-compressed, off the writers' path (on)
 * @param fsync        whether an append waits for the disk ({@link Fsync#ALWAYS}) or for the
 *                     operating system only ({@link Fsync#NEVER}, the default)
 */
public record EventLogSettings(boolean enabled, Path dir, long maxFileBytes, int retainFiles, boolean compress, Fsync fsync) {
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;
    public static final int DEFAULT_RETAIN_FILES = 30;

    /** What an acknowledged append survives. */
    public enum Fsync {
        /** the lines are in the operating system's hands: they survive the process (a crash, {@code kill -9}), not a power cut */
        NEVER,
        /** the lines are forced to the device ({@code fsync}) before the append returns: they survive a power cut too */
        ALWAYS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public EventLogSettings {
        if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        if (retainFiles < 1) throw new IllegalArgumentException("retainFiles must be at least 1: " + retainFiles);
    }

    /** The defaults, the files under {@code <dataDir>/events}. */
    public static EventLogSettings defaults(Path dataDir) {
        return new EventLogSettings(true, dataDir.resolve("events"), DEFAULT_MAX_FILE_BYTES, DEFAULT_RETAIN_FILES, true, Fsync.NEVER);
    }

    public EventLogSettings withDir(Path newDir) {
        return new EventLogSettings(enabled, newDir, maxFileBytes, retainFiles, compress, fsync);
    }
}
