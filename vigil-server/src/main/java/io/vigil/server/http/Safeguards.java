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

    /**
     * Whether the rate limit gates are installed: whenever there is a limiter, even one with no limit
     * on now, since the limits change at run time ({@code RateLimiter.apply}); a gate with nothing to
     * count lets a request through after one array read.
     */
    boolean limited() {
        return rateLimits != null;
    }
}
