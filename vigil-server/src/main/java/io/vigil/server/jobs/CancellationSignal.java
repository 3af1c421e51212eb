package io.vigil.server.jobs;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Tells a running handler to stop. It is a {@link BooleanSupplier} ({@code true} = stop), so it
 * can be handed to code that takes a plain cancellation token, such as the engine's trainers.
 * The first reason set wins.
 */
public final class CancellationSignal implements BooleanSupplier {
    /** Why the job should stop. */
    public enum Reason {
        /** Someone cancelled the job: it ends {@code cancelled}. */
        CANCEL_REQUESTED,
        /** Its time limit passed: it ends {@code failed}. */
        TIME_LIMIT,
        /** This instance is shutting down: the job goes back to the queue. */
        SHUTDOWN,
        /** Another instance took the job over (this one lost its database lock): the result is dropped. */
        LOST
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();

    public boolean isCancelled() {
        return reason.get() != null;
    }

    @Override
    public boolean getAsBoolean() {
        return isCancelled();
    }

    /** Why the job should stop; null while it should not. */
    public Reason reason() {
        return reason.get();
    }

    /** @throws JobCancelledException if the job should stop */
    public void throwIfCancelled() {
        Reason r = reason.get();
        if (r != null) {
            throw new JobCancelledException("job stopped: " + r.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    /** Raises the signal; returns whether this call set the reason (false if already raised). */
    boolean cancel(Reason why) {
        return reason.compareAndSet(null, why);
    }
}
