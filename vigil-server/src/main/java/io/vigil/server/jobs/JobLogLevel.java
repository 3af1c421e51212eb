package io.vigil.server.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Severity of a job log line. */
public enum JobLogLevel {
    DEBUG, INFO, WARN, ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobLogLevel fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
