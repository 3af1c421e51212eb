package io.vigil.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vigil.server.core.VigilException;
import java.util.UUID;

/**
 * A job to submit. Build one with {@link #of} and the {@code with…} methods.
 *
 * @param kind             which handler runs it
 * @param modelId          the model it concerns, or null
 * @param priority         higher runs first; equal priorities run in submission order
 * @param payload          the handler's input (a JSON object; null means {@code {}})
 * @param timeLimitSeconds how long one run may take; null for no limit
 * @param maxAttempts      how many runs a job gets when its worker dies mid-run (at least 1)
 * @param createdBy        who asked, or null
 */
public record NewJob(String kind, UUID modelId, int priority, JsonNode payload, Integer timeLimitSeconds,
                     int maxAttempts, String createdBy) {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final int MAX_KIND_LENGTH = 100;

    /** @throws VigilException (400) naming the invalid field */
    public NewJob {
        if (kind == null || kind.isBlank() || kind.length() > MAX_KIND_LENGTH) {
            throw VigilException.invalid("kind", "must be 1 to " + MAX_KIND_LENGTH + " characters");
        }
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            payload = JsonNodeFactory.instance.objectNode();
        }
        if (timeLimitSeconds != null && timeLimitSeconds <= 0) {
            throw VigilException.invalid("timeLimitSeconds", "must be positive");
        }
        if (maxAttempts < 1) {
            throw VigilException.invalid("maxAttempts", "must be at least 1");
        }
    }

    /** A job of this kind with priority 0, no time limit, {@value #DEFAULT_MAX_ATTEMPTS} attempts. */
    public static NewJob of(String kind, JsonNode payload) {
        return new NewJob(kind, null, 0, payload, null, DEFAULT_MAX_ATTEMPTS, null);
    }

    public NewJob withModelId(UUID newModelId) {
        return new NewJob(kind, newModelId, priority, payload, timeLimitSeconds, maxAttempts, createdBy);
    }

    public NewJob withPriority(int newPriority) {
        return new NewJob(kind, modelId, newPriority, payload, timeLimitSeconds, maxAttempts, createdBy);
    }

    public NewJob withTimeLimitSeconds(Integer seconds) {
        return new NewJob(kind, modelId, priority, payload, seconds, maxAttempts, createdBy);
    }

    public NewJob withMaxAttempts(int attempts) {
        return new NewJob(kind, modelId, priority, payload, timeLimitSeconds, attempts, createdBy);
    }

    public NewJob withCreatedBy(String who) {
        return new NewJob(kind, modelId, priority, payload, timeLimitSeconds, maxAttempts, who);
    }
}
