package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one writer of problem documents (RFC 7807): {@link ErrorMapper} uses it for what Javalin
 * routes, {@link ProblemErrorHandler} and {@link BodyReader} for what is refused before routing.
 */
public final class Problems {
    static final String TYPE_BASE = "https://vigil.dev/problems/";
    /** Answers are typed by the server alone: a browser must not guess HTML from an uploaded file or an echoed path. */
    static final HttpField NO_SNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField PROBLEM_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    private static final int MAX_INSTANCE = 512;
    // Java names a caller cannot act on: org.eclipse.jetty.http.BadMessageException, IOException, ...
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z]\\w*|\\b[A-Z]\\w*(Exception|Error)\\b|(?i)\\b(jetty|javalin|jackson|servlet|kotlin)\\b");

    private Problems() {}

    /** The document that answers {@code e} on the request for {@code instance} (a long path is cut). */
    static Problem problem(ApiException e, String instance, String requestId) {
        String path = instance != null && instance.length() > MAX_INSTANCE ? instance.substring(0, MAX_INSTANCE) + "..." : instance;
        return new Problem(TYPE_BASE + e.typeSlug(), e.title(), e.status(), e.detail(), path, requestId, e.errors());
    }

    static byte[] json(ApiException e, String instance, String requestId) {
        try {
            return Json.MAPPER.writeValueAsBytes(problem(e, instance, requestId));
        } catch (JsonProcessingException impossible) {
            return ("{\"status\":" + e.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Answers {@code request} with {@code e} as a Jetty core response (no Javalin context exists yet).
     * {@code close}: the connection ends after it, because an unread request body is still on it
     * (what still arrives of that body is discarded for a moment first: {@link LingeringRefusal}).
     */
    static void write(Request request, Response response, Callback callback, ApiException e, boolean close) {
        write(request, response, callback, e, close, request.getHttpURI() == null ? null : request.getHttpURI().getPath());
    }

    static void write(Request request, Response response, Callback callback, ApiException e, boolean close, String instance) {
        String requestId = RequestIds.of(request, response);
        byte[] body = json(e, instance, requestId);
        response.setStatus(e.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(PROBLEM_TYPE);
        headers.put(NO_SNIFF);
        headers.put(NO_STORE);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        if (close) {
            headers.put(CLOSE);
        }
        response.write(true, ByteBuffer.wrap(body), close ? LingeringRefusal.after(request, callback) : callback);
    }

    /** The deepest message in {@code failure}'s causes that speaks to the caller, without status prefixes ("400: "). */
    /**
     * A 400 for input a library could not read: {@code what} is wrong, then the library's own reason
     * when it speaks to the caller ("unexpected EOF in BODY_PART"), never its class names.
     */
    public static VigilException unreadable(String what, Throwable cause) {
        String reason = reasonOf(cause);
        return VigilException.badRequest(reason == null ? what : what + ": " + reason);
    }

    static String reasonOf(Throwable failure) {
        String reason = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            String said = callerSafe(t.getMessage() == null ? null : t.getMessage().replaceFirst("^\\d{3}: ", ""));
            if (said != null) {
                reason = said;
            }
        }
        return reason;
    }

    /** {@code message} if it speaks to the caller; {@code null} if it is blank or names Java classes or libraries. */
    static String callerSafe(String message) {
        if (message == null || message.isBlank() || INTERNALS.matcher(message).find()) {
            return null;
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
