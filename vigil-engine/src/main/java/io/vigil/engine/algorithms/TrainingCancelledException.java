package io.vigil.engine.algorithms;

/** Training stopped because its {@link CancellationToken} was cancelled. */
public class TrainingCancelledException extends RuntimeException {
    public TrainingCancelledException() {
        super("training cancelled");
    }
}
