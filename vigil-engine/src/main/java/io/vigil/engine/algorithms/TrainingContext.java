package io.vigil.engine.algorithms;

import java.time.Clock;

/**
 * Everything a trainer needs besides data and hyperparameters.
 *
 * @param seed     seed for every random choice, so a training run can be repeated
 * @param threads  worker threads the algorithm may use
 * @param clock    what "now" is for the provenance ({@link Provenance#createdAt()}): the caller's
 *                 clock, so a service that injects one (and its tests) controls the time recorded
 */
public record TrainingContext(long seed, int threads, TrainingListener listener, CancellationToken cancellation, Clock clock) {

    public static TrainingContext of(long seed) {
        return new TrainingContext(seed, Runtime.getRuntime().availableProcessors(), TrainingListener.NONE, new CancellationToken(),
                Clock.systemUTC());
    }

    public TrainingContext withSeed(long value) {
        return new TrainingContext(value, threads, listener, cancellation, clock);
    }

    public TrainingContext withListener(TrainingListener value) {
        return new TrainingContext(seed, threads, value, cancellation, clock);
    }

    public TrainingContext withCancellation(CancellationToken value) {
        return new TrainingContext(seed, threads, listener, value, clock);
    }

    public TrainingContext withThreads(int value) {
        return new TrainingContext(seed, value, listener, cancellation, clock);
    }

    public TrainingContext withClock(Clock value) {
        return new TrainingContext(seed, threads, listener, cancellation, value);
    }

    /** Reports progress after {@code round} of {@code rounds}, then honours a pending cancellation. */
    public void progress(int round, int rounds) {
        listener.onProgress(new TrainingProgress(rounds == 0 ? 1 : (double) round / rounds, round, rounds, "round " + round + "/" + rounds));
        cancellation.check();
    }
}
