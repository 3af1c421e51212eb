package io.vigil.server.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A request a client may make straight to the object store until {@code expiresAt}.
 *
 * @param method  {@code GET} or {@code PUT}
 * @param url     the signed URL: a bearer credential until it expires, so never logged
 * @param headers headers the client must send as they are (they were signed with the URL)
 */
public record PresignedRequest(String method, String url, Map<String, String> headers, Instant expiresAt) {
    public PresignedRequest {
        headers = Map.copyOf(headers);
    }

    /** A {@code Content-Disposition} that offers the bytes as a download named {@code fileName}, in plain ASCII. */
    public static String attachment(String fileName) {
        String safe = fileName == null ? "download" : fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"" + (safe.isEmpty() ? "download" : safe) + "\"";
    }

    @Override
    public String toString() { // the URL carries a signature
        return "PresignedRequest[" + method + " until " + expiresAt + "]";
    }
}
