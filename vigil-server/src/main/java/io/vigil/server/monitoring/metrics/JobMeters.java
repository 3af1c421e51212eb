package io.vigil.server.monitoring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vigil.server.jobs.Job;
import io.vigil.server.jobs.JobListener;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The job queue as meters: how many jobs are queued and running, by kind ({@code vigil_jobs}, a
 * gauge read from the jobs table at each refresh, so it counts every instance's jobs and costs the
 * database one grouped count every {@code metrics.refreshSeconds}, never a scrape or a request), and
 * how long each job ran once it ends ({@code vigil_job_duration_seconds} by kind and end state:
 * {@code kind="train"} is the training time).
 */
final class JobMeters implements JobListener {
    static final String JOBS = "vigil.jobs";
    static final String DURATION = "vigil.job.duration";
    private static final List<JobState> ACTIVE = List.of(JobState.QUEUED, JobState.RUNNING);
    private static final List<JobState> ENDS = List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
    /** From a quick batch to a long search of hyperparameters. */
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6)};

    private final MeterRegistry registry;
    private final JobQueue queue;
    private final Supplier<Set<String>> kinds;
    private final MultiGauge depth;

    /** @param kinds the kinds this instance runs: each gets its rows, at 0 when none are queued */
    JobMeters(MeterRegistry registry, JobQueue queue, Supplier<Set<String>> kinds) {
        this.registry = registry;
        this.queue = queue;
        this.kinds = kinds;
        this.depth = MultiGauge.builder(JOBS).description("Jobs queued and running, on every instance, by state and kind")
                .register(registry);
    }

    /** Reads the counts from the jobs table (the metrics thread). */
    void refresh() {
        Map<String, Long> counts = new HashMap<>();
        Set<String> all = new TreeSet<>(kinds.get());
        for (JobQueue.JobCount c : queue.countActive()) {
            counts.put(c.state().wire() + "/" + c.kind(), c.count());
            all.add(c.kind());
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (JobState state : ACTIVE) {
            for (String kind : all) {
                rows.add(MultiGauge.Row.of(Tags.of("state", state.wire(), "kind", kind), counts.getOrDefault(state.wire() + "/" + kind, 0L)));
            }
        }
        depth.register(rows, true);
        for (String kind : all) { // at 0 before the first job ends, so a dashboard finds the series
            for (JobState end : ENDS) {
                duration(kind, end);
            }
        }
    }

    @Override
    public void onStateChange(Job before, Job after) {
        boolean ended = after.state().isFinished() && (before == null || !before.state().isFinished());
        if (ended && after.startedAt() != null && after.finishedAt() != null) { // a job cancelled while queued never ran
            duration(after.kind(), after.state()).record(Duration.between(after.startedAt(), after.finishedAt()));
        }
    }

    private Timer duration(String kind, JobState end) {
        return Timer.builder(DURATION).description("How long jobs ran, by kind and end state")
                .tags("kind", kind, "state", end.wire()).serviceLevelObjectives(BUCKETS).register(registry);
    }
}
