package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an experiment compares its arms on, from feedback: {@code accuracy} (every labelled
 * prediction), or the attack class's {@code precision} (of the predictions of attack),
 * {@code recall} (of the true attacks) or {@code f1}.
 */
public enum PrimaryMetric {
    ACCURACY, PRECISION, RECALL, F1;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
