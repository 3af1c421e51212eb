package io.vigil.server.monitoring.retraining;

import java.time.Instant;
import java.util.Map;

/**
 * A condition of a policy that holds: its reason, the value observed and the threshold it crossed
 * (none for a schedule or a manual run), what else describes it, and for a schedule the slot.
 */
record Firing(TriggerReason reason, Double observed, Double threshold, Map<String, Object> detail, Instant slot) {
    static Firing manual() {
        return new Firing(TriggerReason.MANUAL, null, null, Map.of(), null);
    }
}
