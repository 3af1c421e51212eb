package io.vigil.server.auth;

/**
 * Who a credential belongs to: the one question the HTTP layer asks of identity. A credential is
 * what a client sent in {@code Authorization: Bearer} or {@code X-API-Key}: an access token or an
 * API key.
 */
@FunctionalInterface
public interface Identities {
    /** Nobody is known: every credential is refused (a server with public routes only, in tests). */
    Identities NOBODY = credential -> {
        throw new io.vigil.server.core.VigilException(io.vigil.server.core.VigilException.Kind.UNAUTHENTICATED,
                "this server knows no credentials");
    };

    /** The caller {@code credential} proves; a {@code VigilException} of kind UNAUTHENTICATED if it proves nobody. */
    Caller identify(String credential);
}
