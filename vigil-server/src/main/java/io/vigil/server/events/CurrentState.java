package io.vigil.server.events;

import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobFilter;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a new event stream is sent before live events: the current state of what it asks for. A
 * client that connects after its job ended still learns how it ended, and one that connects
 * mid-training where it stands.
 */
public final class CurrentState {
    /** Jobs listed to a stream of everything: the queue's head, not its history. */
    private static final int MAX_ACTIVE_JOBS = 100;

    private final JobQueue jobs;
    private final Function<UUID, Event> modelState;
    private final Clock clock;

    /**
     * @param modelState a model's current {@code model.state} event; throws the API's 404 for an unknown model
     */
    public CurrentState(JobQueue jobs, Function<UUID, Event> modelState, Clock clock) {
        this.jobs = jobs;
        this.modelState = modelState;
        this.clock = clock;
    }

    /** Refuses (404) a filter that names a job or a model that does not exist, before a stream opens. */
    public void check(EventFilter filter) {
        if (filter.jobId() != null) {
            jobs.get(filter.jobId());
        }
        if (filter.modelId() != null) {
            modelState.apply(filter.modelId());
        }
    }

    /**
     * One job's stream: that job's state. One model's: the model's state and its queued or running
     * jobs. Everything: the queued and running jobs.
     */
    public List<Event> of(EventFilter filter) {
        List<Event> events = new ArrayList<>();
        if (filter.jobId() != null) {
            jobs.find(filter.jobId()).ifPresent(j -> events.add(JobEvents.stateOf(j, clock.instant())));
        } else {
            List<Job> active = new ArrayList<>();
            if (filter.modelId() != null) {
                events.add(modelState.apply(filter.modelId()));
                active.addAll(jobs.active(filter.modelId()));
            } else {
                active.addAll(jobs.list(new JobFilter(JobState.RUNNING, null, null), 1, MAX_ACTIVE_JOBS).items());
                active.addAll(jobs.list(new JobFilter(JobState.QUEUED, null, null), 1, MAX_ACTIVE_JOBS).items());
            }
            active.forEach(j -> events.add(JobEvents.stateOf(j, clock.instant())));
        }
        return events.stream().filter(filter::matches).toList();
    }

    /** Whether {@code event} is the end of a stream filtered to one job: that job's final state. */
    static boolean endsStream(EventFilter filter, Event event) {
        return filter.jobId() != null && Event.JOB_STATE.equals(event.type()) && filter.jobId().equals(event.jobId())
                && JobState.parse(event.state()).map(JobState::isFinished).orElse(false);
    }
}
