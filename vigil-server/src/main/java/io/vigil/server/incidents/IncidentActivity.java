package io.vigil.server.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One thing that happened to an incident: {@code created}, a {@code status} or {@code assignee} change (from, to), or a {@code note}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentActivity(Instant at, String actor, String action, String from, String to, String note) {}
