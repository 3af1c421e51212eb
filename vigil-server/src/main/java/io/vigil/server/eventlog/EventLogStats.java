package io.vigil.server.eventlog;

/**
 * What an {@link EventLog} did since it was opened.
 *
 * @param lines     lines written
 * @param bytes     bytes written
 * @param writes    group commits: one {@code write} (and {@code fsync}) each, for every caller waiting then
 * @param rotations files rotated, by day, size or {@link EventLog#rotate()}
 * @param failures  writes and rotations that failed (their appends threw)
 */
public record EventLogStats(long lines, long bytes, long writes, long rotations, long failures) {
}
