package io.vigil.server.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life: {@code queued → running → succeeded | failed | cancelled}. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The lower-case name used in the database and the API. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the job is over: it will never run again. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Parses a wire name, case-insensitively; empty when it names no state (for query validation). */
    public static Optional<JobState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (JobState state : values()) {
            if (state.wire().equalsIgnoreCase(text.trim())) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    static JobState fromWire(String text) {
        return parse(text).orElseThrow(() -> new IllegalStateException("unknown job state in the database: " + text));
    }
}
