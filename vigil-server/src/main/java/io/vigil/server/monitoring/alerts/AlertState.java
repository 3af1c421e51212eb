package io.vigil.server.monitoring.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an alert stands: {@code firing} until someone acknowledges it (it is still open, and its
 * rule's new firings still add to it) or it is resolved, by a person or by Vigil once its
 * condition clears. A resolved alert is history: the next firing after the cool-down is a new alert.
 */
public enum AlertState {
    FIRING, ACKNOWLEDGED, RESOLVED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertState> parse(String text) {
        return Severity.byWire(values(), text);
    }

    public boolean isOpen() {
        return this != RESOLVED;
    }
}
