package io.vigil.server.audit;

import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Role;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change to record, as the HTTP layer saw it complete: who, what, on what, with what result, from
 * where. Free text from the request (a name, a path id) is cut to a bounded length and stripped of
 * control characters here, so that no caller can forge a line in what reads the log.
 *
 * @param actor     a user's name, {@code key:<prefix>} for an API key, or null for no identity
 * @param actorKind {@code user}, {@code api_key}, {@code anonymous}, or {@code system} for Vigil itself ({@code Caller.VIGIL})
 * @param role      the actor's role; null when unknown (no identity, a failed login)
 * @param action    the method and route template: {@code POST /ml/models/{id}/deploy}
 * @param object    the path's ids by name, and {@code created}: the {@code Location} of what the request made
 * @param result    the HTTP status answered
 * @param address   the client's address as the server saw it
 * @param requestId the request id (the {@code X-Request-Id} answered)
 */
public record AuditEvent(String actor, String actorKind, Role role, String action, Map<String, String> object, int result,
                         String address, String requestId) {
    static final int MAX_TEXT = 200;
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");

    public AuditEvent {
        actor = clean(actor);
        action = clean(action);
        Map<String, String> ids = new LinkedHashMap<>();
        object.forEach((name, value) -> ids.put(clean(name), clean(value)));
        object = java.util.Collections.unmodifiableMap(ids);
        address = address == null ? "unknown" : clean(address);
        requestId = clean(requestId);
    }

    /** A change by an identified caller. */
    /** The address of what Vigil did on its own. */
    public static final String INTERNAL = "internal";

    public static AuditEvent by(Caller caller, String action, Map<String, String> object, int result, String address, String requestId) {
        String kind = switch (caller.kind()) {
            case API_KEY -> "api_key";
            case SYSTEM -> "system";
            case USER -> "user";
        };
        return new AuditEvent(caller.name(), kind, caller.role(), action, object, result, address, requestId);
    }

    /** What Vigil changed on its own ({@code Caller.VIGIL}): a decision of its rules, a training it queued; no address but {@code internal}. */
    public static AuditEvent bySystem(String action, Map<String, String> object, int result) {
        return by(Caller.VIGIL, action, object, result, INTERNAL, null);
    }

    /** A request without identity: refused 401, or an open route whose handler named nobody. */
    public static AuditEvent anonymous(String action, Map<String, String> object, int result, String address, String requestId) {
        return new AuditEvent(null, "anonymous", null, action, object, result, address, requestId);
    }

    /** A request on an open route whose handler named the user it is about (a login: the name given; a logout: the session's user). */
    public static AuditEvent named(String user, Role role, String action, Map<String, String> object, int result, String address,
                                   String requestId) {
        return new AuditEvent(user, "user", role, action, object, result, address, requestId);
    }

    /** {@code s} on one line, at most {@value #MAX_TEXT} characters; null stays null. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String cut = s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "..." : s;
        return CONTROL.matcher(cut).replaceAll("?");
    }
}
