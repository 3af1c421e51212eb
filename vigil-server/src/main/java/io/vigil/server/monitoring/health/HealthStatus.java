package io.vigil.server.monitoring.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A model's health: the worst of its checks whose figure is known. */
public enum HealthStatus {
    HEALTHY, DEGRADED, FAILING;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
