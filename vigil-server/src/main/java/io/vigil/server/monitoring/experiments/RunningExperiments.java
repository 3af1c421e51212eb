package io.vigil.server.monitoring.experiments;

import io.vigil.server.serving.models.TrafficSplits;

/**
 * Keeps serving's {@link TrafficSplits} equal to the running experiments in the database: read
 * every second by each instance (as the resolver re-checks deployments), and at once on this
 * instance after each change it makes, so a start, stop or promotion routes here before it answers
 * and on every other instance within a second or two.
 */
final class RunningExperiments {
    private final ExperimentRepository repository;
    private final TrafficSplits splits;
    private final Object refreshing = new Object();

    RunningExperiments(ExperimentRepository repository, TrafficSplits splits) {
        this.repository = repository;
        this.splits = splits;
    }

    /** Reads the running experiments and routes by them from now on. */
    void refresh() {
        synchronized (refreshing) { // the last to run read the database after every earlier change
            splits.replace(repository.running().stream().map(Experiment::trafficSplit).toList());
        }
    }
}
