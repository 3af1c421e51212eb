package io.vigil.server.http;

import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Identities;
import io.vigil.server.auth.Permissions;
import io.vigil.server.auth.Role;
import io.vigil.server.core.VigilException;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who sent a request, from its headers: {@code Authorization: Bearer <token or key>} or
 * {@code X-API-Key: <key>}, and whether that caller has the access a route needs. The same rules
 * run in {@link IdentityGate}, before a body is read, and around every handler.
 */
final class Identification {
    static final String API_KEY_HEADER = "X-API-Key";
    /** RFC 6750: a 401 says how to authenticate. */
    static final String CHALLENGE = "Bearer realm=\"vigil\"";
    static final String NO_CREDENTIALS = "this route needs identity: send 'Authorization: Bearer <token>' with a token from "
            + "POST /auth/login, or an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'";
    private static final int MAX_CREDENTIAL = 4096;

    private final Identities identities;

    Identification(Identities identities) {
        this.identities = identities;
    }

    /** The caller of a request to a route that needs {@code access}: 401 without a valid credential, 403 with too little role. */
    Caller authorize(Function<String, String> header, Access access) {
        Caller caller = identify(header);
        if (!caller.may(access)) {
            throw forbidden(caller, access, null);
        }
        return caller;
    }

    /** The caller of a request, whatever it may do: 401 without a valid credential. */
    Caller identify(Function<String, String> header) {
        String credential = credential(header);
        if (credential == null) {
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED, NO_CREDENTIALS);
        }
        return identities.identify(credential);
    }

    static VigilException forbidden(Caller caller, Access access, String what) {
        String roles = Permissions.rolesWith(access).stream().map(Role::wire).collect(Collectors.joining(", "));
        return new VigilException(VigilException.Kind.FORBIDDEN, (what == null ? "this route" : what) + " needs the right to "
                + access.meaning() + " (roles: " + roles + "); " + caller.name() + " has the role " + caller.role().wire());
    }

    /** The credential sent, or null for none; 401 for one sent wrongly (another scheme, two that differ). */
    private static String credential(Function<String, String> header) {
        String authorization = header.apply("Authorization");
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
}
