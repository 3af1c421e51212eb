package io.vigil.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.http.Json;

/** What a handler hands back: stored as the job's {@code result} (null for none). */
public record JobResult(JsonNode value) {
    private static final JobResult EMPTY = new JobResult(null);

    public static JobResult of(JsonNode value) {
        return new JobResult(value);
    }

    /** Converts any Jackson-serialisable value (a record, a map) to the stored JSON. */
    public static JobResult ofValue(Object value) {
        return new JobResult(Json.MAPPER.valueToTree(value));
    }

    public static JobResult empty() {
        return EMPTY;
    }
}
