package io.vigil.server.monitoring.retraining;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

/** What the conditions of a policy read about a deployed version: its drift and its feedback. A port, so they are tested without a server. */
interface Signals {
    /** The share of drifted inputs of {@code version} over the last {@code window}; empty without a verdict (too few predictions). */
    OptionalDouble driftShare(UUID modelId, int version, String window);

    /** The feedback on predictions {@code version} made in {@code [from, to)}: how many, and how many it got right. */
    Feedback feedback(UUID modelId, int version, Instant from, Instant to);

    /** Feedback rows and the right predictions among them. */
    record Feedback(long rows, long correct) {
        double accuracy() {
            return (double) correct / rows;
        }
    }
}
