package io.vigil.server.monitoring.retraining;

import java.util.Locale;

/** Why a retraining started: drifted inputs, live accuracy under its floor, the schedule, or a person's request. */
enum TriggerReason {
    DRIFT, ACCURACY, SCHEDULE, MANUAL;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TriggerReason parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
