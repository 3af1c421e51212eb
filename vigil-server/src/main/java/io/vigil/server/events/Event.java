package io.vigil.server.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened that a client may watch live: {@code job.progress}, {@code job.state},
 * {@code model.state}. {@code data} is the job or model as the REST API shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String type, UUID modelId, UUID jobId, String state, Object progress, Object data, Instant at) {
    public static final String JOB_PROGRESS = "job.progress";
    public static final String JOB_STATE = "job.state";
    public static final String MODEL_STATE = "model.state";
}
