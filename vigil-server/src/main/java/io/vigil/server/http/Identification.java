package io.vigil.server.http;

import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Credentials;
import io.vigil.server.auth.Identities;
import io.vigil.server.core.VigilException;
import java.util.function.Function;

/**
 * Who sent a request, from its headers: {@code Authorization: Bearer <token or key>} or
 * {@code X-API-Key: <key>}, and whether that caller has the access a route needs. The same rules
 * run in {@link IdentityGate}, before a body is read, and around every handler.
 */
final class Identification {
    static final String API_KEY_HEADER = Credentials.API_KEY_HEADER;
    /** RFC 6750: a 401 says how to authenticate. */
    static final String CHALLENGE = "Bearer realm=\"vigil\"";
    static final String NO_CREDENTIALS = "this route needs identity: send 'Authorization: Bearer <token>' with a token from "
            + "POST /auth/login, or an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'";

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
        return Credentials.forbidden(caller, access, what);
    }

    /** The credential sent, or null for none; 401 for one sent wrongly (another scheme, two that differ). */
    private static String credential(Function<String, String> header) {
        return Credentials.of(header); // the one reading of credentials, shared with gRPC's metadata
    }
}
