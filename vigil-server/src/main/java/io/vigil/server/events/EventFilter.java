package io.vigil.server.events;

import java.util.UUID;

/** Which events a client wants: those of one model, one job, or (both null) all of them. */
public record EventFilter(UUID modelId, UUID jobId) {
    public static final EventFilter ALL = new EventFilter(null, null);

    public boolean matches(Event e) {
        return (modelId == null || modelId.equals(e.modelId())) && (jobId == null || jobId.equals(e.jobId()));
    }
}
