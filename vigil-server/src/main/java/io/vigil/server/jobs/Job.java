package io.vigil.server.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as stored, and as the API shows it (Jackson serialises this record as is).
 *
 * @param payload          what the handler needs (shown as {@code parameters})
 * @param timeLimitSeconds how long one run may take; null for no limit
 * @param worker           the instance/thread running (or that last ran) it
 * @param result           what a succeeded handler returned; null otherwise
 * @param error            why it failed (a message, never a stack trace); null otherwise
 */
@JsonPropertyOrder({"id", "kind", "modelId", "state", "priority", "progress", "attempts", "maxAttempts",
        "timeLimitSeconds", "cancelRequested", "error", "result", "parameters", "createdBy", "worker",
        "createdAt", "startedAt", "finishedAt", "updatedAt", "durationMs"})
public record Job(
        UUID id,
        String kind,
        UUID modelId,
        JobState state,
        int priority,
        JobProgress progress,
        int attempts,
        int maxAttempts,
        Integer timeLimitSeconds,
        boolean cancelRequested,
        String error,
        JsonNode result,
        @JsonProperty("parameters") JsonNode payload,
        String createdBy,
        String worker,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {

    /** Run time: start to finish, or start to now while running; null before it starts. */
    @JsonProperty("durationMs")
    public Long durationMs() {
        if (startedAt == null) {
            return null;
        }
        Instant end = finishedAt != null ? finishedAt : state == JobState.RUNNING ? Instant.now() : null;
        return end == null ? null : Math.max(0, Duration.between(startedAt, end).toMillis());
    }

    /** When a run must end, given its time limit; null without a limit or before it starts. */
    @JsonIgnore
    public Instant deadline() {
        return startedAt == null || timeLimitSeconds == null ? null : startedAt.plusSeconds(timeLimitSeconds);
    }

    Job withProgress(JobProgress newProgress) {
        return new Job(id, kind, modelId, state, priority, newProgress, attempts, maxAttempts, timeLimitSeconds,
                cancelRequested, error, result, payload, createdBy, worker, createdAt, startedAt, finishedAt, updatedAt);
    }
}
