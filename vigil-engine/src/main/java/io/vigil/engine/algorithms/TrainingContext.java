package io.vigil.engine.algorithms;

/**
 * Everything a trainer needs besides data and hyperparameters.
 *
 * @param seed     seed for every random choice, so a training run can be repeated
 * @param threads  worker threads the algorithm may use
 */
public record TrainingContext(long seed, int threads, TrainingListener listener, CancellationToken cancellation) {

    public static TrainingContext of(long seed) {
        return new TrainingContext(seed, Runtime.getRuntime().availableProcessors(), TrainingListener.NONE, new CancellationToken());
    }

    public TrainingContext withListener(TrainingListener value) {
        return new TrainingContext(seed, threads, value, cancellation);
    }

    public TrainingContext withCancellation(CancellationToken value) {
        return new TrainingContext(seed, threads, listener, value);
    }

    public TrainingContext withThreads(int value) {
        return new TrainingContext(seed, value, listener, cancellation);
    }

    /** Reports progress after {@code round} of {@code rounds}, then honours a pending cancellation. */
    public void progress(int round, int rounds) {
        listener.onProgress(new TrainingProgress(rounds == 0 ? 1 : (double) round / rounds, round, rounds, "round " + round + "/" + rounds));
        cancellation.check();
    }
}
