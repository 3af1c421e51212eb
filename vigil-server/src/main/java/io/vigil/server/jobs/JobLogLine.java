package io.vigil.server.jobs;

import java.time.Instant;

/**
 * One stored line of a job's log. {@code seq} grows with every line (across all jobs), so a
 * client reads new lines with {@code since = the last seq it saw}.
 */
public record JobLogLine(long seq, Instant at, JobLogLevel level, String message) {
}
