package io.vigil.server.detections;

import io.vigil.server.core.FieldErrors;

/**
 * The runtime section {@code events}: whether deployed models' verdicts are judged at all (dual
 * scores in answers, events above the thresholds). Off, predictions answer as they did before
 * verdicts, and batches go by columns again.
 */
public record EventSettings(Boolean fromPredictions) {
    public static final String SECTION = "events";
    public static final EventSettings DEFAULT = new EventSettings(true);

    public static FieldErrors validate(EventSettings value) {
        FieldErrors errors = new FieldErrors();
        errors.required("fromPredictions", value.fromPredictions(), "true (verdicts judged and raising events) or false");
        return errors;
    }
}
