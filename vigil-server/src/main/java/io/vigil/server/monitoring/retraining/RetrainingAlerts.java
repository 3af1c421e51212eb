package io.vigil.server.monitoring.retraining;

/**
 * Where retraining raises alerts: a port the wiring connects to the alerts of {@code monitoring/alerts};
 * {@link #NONE} until it does. Called off the request path, after the trigger or decision is recorded;
 * an implementation must not block for long (queue the alert).
 */
public interface RetrainingAlerts {
    /** Raises nothing. */
    RetrainingAlerts NONE = new RetrainingAlerts() {};

    /** A trigger fired and queued a training (or could not: {@code trigger.outcome()} is {@code not_started}). */
    default void triggered(Trigger trigger) {
    }

    /** The triggered training ended and was decided: promoted, kept the champion, started a challenger, registered, or failed. */
    default void decided(Trigger trigger) {
    }
}
