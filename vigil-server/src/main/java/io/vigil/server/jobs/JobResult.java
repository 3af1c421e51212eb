package io.vigil.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;

/**
 * What a handler hands back: {@code value} is stored as the job's {@code result} (null for none);
 * {@code onCommit}, if set, runs in the same transaction that marks the job succeeded — e.g. to
 * record the trained model version so that a version exists if and only if its job succeeded. If
 * it throws, nothing of it is kept and the job fails with its message.
 */
public record JobResult(JsonNode value, BiConsumer<Handle, Job> onCommit) {
    private static final JobResult EMPTY = new JobResult(null, null);

    public static JobResult of(JsonNode value) {
        return new JobResult(value, null);
    }

    /** Converts any Jackson-serialisable value (a record, a map) to the stored JSON. */
    public static JobResult ofValue(Object value) {
        return of(Json.MAPPER.valueToTree(value));
    }

    public static JobResult empty() {
        return EMPTY;
    }

    /** The same result, with work to commit together with the job's success. */
    public JobResult withCommit(BiConsumer<Handle, Job> work) {
        return new JobResult(value, work);
    }
}
