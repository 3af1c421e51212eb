package io.vigil.server.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Related security events of one entity, grouped in time: what an analyst works on.
 *
 * @param entityKind  what the events have in common: {@code source_host}, {@code asset}, {@code user} or {@code destination_host}
 * @param status      {@code open}, {@code acknowledged}, {@code resolved} or {@code false_positive}
 * @param severity    the highest of its events'
 * @param maxScore    the highest threat score of its events
 * @param modelTypes  the detection slots whose verdicts it holds
 * @param closedAt    when it was resolved or marked a false positive
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Incident(UUID id, String title, String status, String severity, String entityKind, String entity, Instant firstSeenAt,
                       Instant lastSeenAt, int eventCount, double maxScore, List<String> modelTypes, String assignee, Instant createdAt,
                       Instant updatedAt, Instant closedAt) {

    /** The statuses an analyst sets; the last two close an incident. */
    public static final List<String> STATUSES = List.of("open", "acknowledged", "resolved", "false_positive");

    /** Whether new events of its entity may still join it. */
    public boolean active() {
        return status.equals("open") || status.equals("acknowledged");
    }
}
