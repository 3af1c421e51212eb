package io.vigil.server.monitoring.experiments;

/**
 * Told of every experiment decision after it is recorded (audit log, event stream), on the thread
 * that took it: the evaluation's or a request's. Meant for alerts: the wiring adds one with
 * {@link ExperimentMonitoring#onDecision}. Must not block; a listener that throws is logged and skipped.
 */
@FunctionalInterface
public interface DecisionListener {
    void decided(ExperimentDecision decision);
}
