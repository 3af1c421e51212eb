package io.vigil.server.audit;

import java.time.Instant;

/**
 * Which rows of the audit log to list; a null field does not filter.
 *
 * @param actor      rows of this actor (a user's name or {@code key:<prefix>}), in any case
 * @param action     {@code POST /ml/models/{id}/deploy} exactly, or a route template alone ({@code /ml/models/{id}}) for any method
 * @param object     rows whose object names this id (a path id, or the id at the end of what was created)
 * @param from       rows at or after this time
 * @param to         rows before this time
 * @param result     a status ({@code 403}), or {@link #resultClass} instead
 * @param resultClass a class of statuses: 2 for 2xx, 4 for 4xx, ...
 */
public record AuditFilter(String actor, String action, String object, Instant from, Instant to, Integer result, Integer resultClass) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null, null);
}
