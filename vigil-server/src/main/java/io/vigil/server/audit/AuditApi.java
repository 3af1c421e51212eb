package io.vigil.server.audit;

import io.javalin.http.Context;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.http.Params;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /ml/audit}: the audit log for admins, newest first, filtered and paged. There is no route that changes it. */
public final class AuditApi {
    private static final Pattern RESULT = Pattern.compile("([1-5])(?:xx|XX)|([1-5][0-9][0-9])");

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Filters: {@code user} (a user's name or {@code key:<prefix>}), {@code action} ({@code POST /ml/models/{id}/deploy},
     * or a route template for any method), {@code object} (an id), {@code from} and {@code to} (ISO-8601 times,
     * {@code to} excluded), {@code result} (a status such as {@code 403}, or a class such as {@code 4xx}).
     */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        String user = p.text("user", AuditEvent.MAX_TEXT);
        String action = p.text("action", AuditEvent.MAX_TEXT);
        String object = p.text("object", RequestLimits.NAME_LENGTH);
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        String result = p.text("result", 3);
        Integer status = null;
        Integer statusClass = null;
        if (result != null) {
            Matcher m = RESULT.matcher(result.strip());
            if (!m.matches()) {
                p.add("result", "must be a status such as 403, or a class such as 2xx or 4xx");
            } else if (m.group(1) != null) {
                statusClass = Integer.valueOf(m.group(1));
            } else {
                status = Integer.valueOf(m.group(2));
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            p.add("to", "must be after 'from'");
        }
        p.throwIfInvalid();
        ctx.json(audit.find(new AuditFilter(user, action, object, from, to, status, statusClass), page, size));
    }
}
