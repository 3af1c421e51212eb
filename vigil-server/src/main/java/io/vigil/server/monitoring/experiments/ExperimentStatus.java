package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an experiment stands: {@code running} (routing traffic), or ended: {@code promoted} (the
 * challenger was deployed), {@code stopped} (the champion keeps all traffic), {@code inconclusive}
 * (no significant difference before its maximum duration).
 */
public enum ExperimentStatus {
    RUNNING, PROMOTED, STOPPED, INCONCLUSIVE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
