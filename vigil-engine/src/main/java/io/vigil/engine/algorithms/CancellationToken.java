package io.vigil.engine.algorithms;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation: another thread calls {@link #cancel()}, the trainer checks between
 * rounds and stops with {@link TrainingCancelledException}.
 */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link TrainingCancelledException} if cancellation was requested. */
    public void check() {
        if (cancelled.get()) throw new TrainingCancelledException();
    }
}
