package io.vigil.server.audit;

import io.vigil.server.auth.Role;
import java.time.Instant;
import java.util.Map;

/**
 * One row of the audit log, as {@code GET /ml/audit} lists it: an {@link AuditEvent} with its place
 * in the log ({@code id}, increasing) and its time (the server's clock when the request completed).
 */
public record AuditEntry(long id, Instant at, String actor, String actorKind, Role role, String action, Map<String, String> object,
                         int result, String address, String requestId) {
    static AuditEntry of(long id, Instant at, AuditEvent e) {
        return new AuditEntry(id, at, e.actor(), e.actorKind(), e.role(), e.action(), e.object(), e.result(), e.address(), e.requestId());
    }
}
