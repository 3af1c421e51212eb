package io.vigil.server.incidents;

import java.time.Instant;

/** Which incidents {@code GET /ml/incidents} lists; null fields do not filter. Since/until: active at some time in between. */
public record IncidentFilter(String status, String severity, String entity, String assignee, String modelType, Instant since,
                             Instant until) {}
