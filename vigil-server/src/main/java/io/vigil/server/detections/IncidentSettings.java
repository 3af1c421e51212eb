package io.vigil.server.detections;

import io.vigil.server.core.FieldErrors;
import java.time.Duration;

/**
 * The runtime section {@code incidents}: how events are grouped. An event joins its entity's
 * unresolved incident whose span, widened by {@code windowMinutes} on both sides, holds its time.
 */
public record IncidentSettings(Integer windowMinutes) {
    public static final String SECTION = "incidents";
    public static final IncidentSettings DEFAULT = new IncidentSettings((int) Detections.INCIDENT_WINDOW.toMinutes());

    public static FieldErrors validate(IncidentSettings value) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("windowMinutes", value.windowMinutes(), "the grouping window in minutes, 1 to 10080 (a week)")
                && (value.windowMinutes() < 1 || value.windowMinutes() > 10_080)) {
            errors.add("windowMinutes", "must be from 1 to 10080 (a week); got " + value.windowMinutes());
        }
        return errors;
    }

    Duration window() {
        return Duration.ofMinutes(windowMinutes);
    }
}
