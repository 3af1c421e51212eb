package io.vigil.server.jobs;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners; one failing listener neither stops the others nor the caller. */
final class JobListeners {
    private static final Logger log = LoggerFactory.getLogger(JobListeners.class);
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

    void add(JobListener listener) {
        listeners.add(listener);
    }

    void remove(JobListener listener) {
        listeners.remove(listener);
    }

    void stateChanged(Job before, Job after) {
        each(after, l -> l.onStateChange(before, after));
    }

    void interrupted(Job before, Job after) {
        each(after, l -> l.onInterrupted(before, after));
    }

    void progressed(Job job) {
        each(job, l -> l.onProgress(job));
    }

    void logged(UUID jobId, JobLogLine line) {
        each(jobId, l -> l.onLog(jobId, line));
    }

    private void each(Job job, Consumer<JobListener> call) {
        each(job.id(), call);
    }

    private void each(UUID jobId, Consumer<JobListener> call) {
        for (JobListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("jobId", jobId).addKeyValue("listener", listener.getClass().getName())
                        .setCause(e).log("job listener failed");
            }
        }
    }
}
