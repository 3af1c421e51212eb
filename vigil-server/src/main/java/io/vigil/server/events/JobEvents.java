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
        bus.publish(new Event(Event.JOB_STATE, after.modelId(), after.id(), after.state().wire(), after.progress(), after,
                clock.instant()));
    }

    @Override
    public void onProgress(Job job) {
        bus.publish(new Event(Event.JOB_PROGRESS, job.modelId(), job.id(), job.state().wire(), job.progress(), null,
                clock.instant()));
    }
}
