package io.vigil.cli.http;

import java.io.IOException;

/**
 * What the client sends to prove who it is, asked for before each request (a session's token may
 * have been refreshed in between).
 */
@FunctionalInterface
public interface Credentials {
    /** No credential: only the public routes answer. */
    Credentials NONE = () -> null;

    /** The header to send, as {name, value}, or null for none. */
    String[] header() throws IOException, InterruptedException;

    /** An API key (VIGIL_API_KEY), sent as {@code X-API-Key}. */
    static Credentials apiKey(String key) {
        String[] header = {"X-API-Key", key};
        return () -> header;
    }

    /** An access token (VIGIL_TOKEN), sent as {@code Authorization: Bearer}. */
    static Credentials token(String token) {
        String[] header = {"Authorization", "Bearer " + token};
        return () -> header;
    }
}
