package io.vigil.server.events;

import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobListener;
import java.time.Clock;

/** Publishes every job state change and progress report on the event bus. */
public final class JobEvents implements JobListener {
    private final EventBus bus;
    private final Clock clock;

    public JobEvents(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public void onStateChange(Job before, Job after) {
        bus.publish(stateOf(after, clock.instant()));
    }

    /** A job's {@code job.state} event: its state and progress, with the job as the REST API shows it. */
    static Event stateOf(Job job, java.time.Instant at) {
        return new Event(Event.JOB_STATE, job.modelId(), job.id(), job.state().wire(), job.progress(), job, at);
    }

    @Override
    public void onProgress(Job job) {
        bus.publish(new Event(Event.JOB_PROGRESS, job.modelId(), job.id(), job.state().wire(), job.progress(), null,
                clock.instant()));
    }
}
