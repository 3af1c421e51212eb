package io.vigil.server.http;

import io.vigil.server.audit.AuditLog;
import io.vigil.server.limits.RateLimiter;

/**
 * What guards the API beside identity: the rate limits ({@link RateLimitGate}) and the audit trail
 * ({@link AuditTrail}). Either may be null: none is installed.
 */
public record Safeguards(RateLimiter rateLimits, AuditLog audit) {
    /** No rate limits, no audit trail: tests of the HTTP layer alone. */
    public static final Safeguards NONE = new Safeguards(null, null);

    boolean limited() {
        return rateLimits != null && rateLimits.enabled();
    }
}
