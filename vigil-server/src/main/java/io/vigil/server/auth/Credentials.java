package io.vigil.server.auth;

import io.vigil.server.core.VigilException;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The credential a request carries, read the same way from HTTP headers and gRPC metadata:
 * {@code Authorization: Bearer <token or key>} or {@code X-API-Key: <key>}; and the refusal of a
 * caller without the access something needs. Knows no protocol: the caller passes a lookup of its
 * request's headers (by their HTTP names; gRPC metadata keys are the same in lower case).
 */
public final class Credentials {
    public static final String AUTHORIZATION = "Authorization";
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final int MAX_CREDENTIAL = 4096;

    private Credentials() {}

    /** The credential sent, or null for none; UNAUTHENTICATED for one sent wrongly (another scheme, two that differ). */
    public static String of(Function<String, String> header) {
        String authorization = header.apply(AUTHORIZATION);
        String apiKey = header.apply(API_KEY_HEADER);
        String bearer = null;
        if (authorization != null) {
            String[] parts = authorization.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isBlank()) {
                throw new VigilException(VigilException.Kind.UNAUTHENTICATED,
                        "the Authorization header must be 'Bearer <token or API key>'");
            }
            bearer = parts[1].strip();
        }
        String key = apiKey == null ? null : apiKey.strip();
        if (bearer != null && key != null && !bearer.equals(key)) {
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED, "send one credential: Authorization or X-API-Key, not both");
        }
        String credential = bearer != null ? bearer : key;
        if (credential != null && (credential.isEmpty() || credential.length() > MAX_CREDENTIAL)) {
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED, "the credential is not valid");
        }
        return credential;
    }

    /** FORBIDDEN for {@code caller}, who lacks {@code access}: what needs it (null: "this route"), the roles that have it, the caller's. */
    public static VigilException forbidden(Caller caller, Access access, String what) {
        String roles = Permissions.rolesWith(access).stream().map(Role::wire).collect(Collectors.joining(", "));
        return new VigilException(VigilException.Kind.FORBIDDEN, (what == null ? "this route" : what) + " needs the right to "
                + access.meaning() + " (roles: " + roles + "); " + caller.name() + " has the role " + caller.role().wire());
    }
}
