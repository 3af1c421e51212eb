package io.vigil.server.outbound;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One outbound call to make: method, URL, headers and an optional body. Headers the client manages
 * itself ({@code Host}, {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection},
 * {@code Cookie}) cannot be set, nor can a header name or value hold a line break.
 */
public record OutboundRequest(String method, String url, Map<String, String> headers, byte[] body, String contentType) {
    private static final Set<String> MANAGED = Set.of("host", "content-length", "transfer-encoding", "connection", "cookie",
            "content-type", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization", "expect");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    public OutboundRequest {
        method = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) throw new IllegalArgumentException("method " + method + " is not one an outbound call makes");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) throw new IllegalArgumentException("'" + h.getKey() + "' is not a header name");
            if (MANAGED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + h.getKey() + " is set by the outbound client itself");
            }
            if (h.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("the value of header " + h.getKey() + " holds a line break");
            }
        }
        headers = Map.copyOf(headers);
        if (body != null && contentType == null) throw new IllegalArgumentException("a body needs a content type");
    }

    public static OutboundRequest get(String url) {
        return new OutboundRequest("GET", url, Map.of(), null, null);
    }

    /** A POST of a JSON document, as a webhook sends it. */
    public static OutboundRequest postJson(String url, byte[] json) {
        return new OutboundRequest("POST", url, Map.of(), json, "application/json");
    }

    public static OutboundRequest postJson(String url, String json) {
        return postJson(url, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The same request with one more header (an {@code Authorization}, a signature...): sent to the URL's own origin only. */
    public OutboundRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new OutboundRequest(method, url, more, body, contentType);
    }

    /** The URL without its path and query (which may carry a token), for a log line. */
    @Override
    public String toString() {
        return "OutboundRequest[" + method + " " + OutboundTarget.originOf(url) + "]";
    }
}
