package io.vigil.server.jobs;

import org.jdbi.v3.core.Handle;

/**
 * A job this instance is running: the job as claimed, the connection that holds its advisory
 * lock for the whole run, and the signal that tells its handler to stop.
 */
record RunningJob(Job job, Handle lockHandle, CancellationSignal signal, Thread thread) {
}
