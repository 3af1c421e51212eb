package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request and answer bodies. JSON requests: 415 for another media type, then {@link JsonBodies}
 * (400 naming the field for bad JSON). Both directions skip Javalin's copies, which cost the hot
 * paths more than their JSON: its body reader takes 13 KB of buffers per request, and its answer
 * goes through a new 32 KB buffer.
 */
public final class Bodies {
    private static final Logger log = LoggerFactory.getLogger(Bodies.class);
    /** The largest body read whole: room for a 10,000-record prediction batch, no more. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private Bodies() {}

    public static <T> T json(Context ctx, Class<T> type) {
        return json(ctx, type, null);
    }

    /** Like {@link #json(Context, Class)}, but an empty body is {@code whenEmpty} (when that is not null). */
    public static <T> T json(Context ctx, Class<T> type, T whenEmpty) {
        String contentType = ctx.contentType();
        byte[] body = bytes(ctx);
        if (body.length == 0 && whenEmpty != null) {
            return whenEmpty;
        }
        requireJson(contentType);
        Dialect dialect = Dialect.of(ctx);
        return JsonBodies.read(dialect == null ? body : dialect.request(body), type);
    }

    /**
     * {@code application/json}, or a {@code +json} type, with no charset but UTF-8: JSON is UTF-8
     * (RFC 8259), and {@code application/jsonx} is not JSON.
     */
    static void requireJson(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";", -1); // ";" is two empty parts
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            throw VigilException.unsupportedMediaType("send a JSON body with Content-Type: application/json; got "
                    + (contentType == null ? "no Content-Type" : "'" + contentType + "'"));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2
                    && !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw VigilException.unsupportedMediaType("JSON is UTF-8; got charset " + parameter[1].strip());
            }
        }
    }

    /**
     * The multipart parts named {@code part}; {@code tooLarge} when the body passed its size limit, a 400 when it
     * cannot be read as multipart at all.
     */
    public static java.util.List<io.javalin.http.UploadedFile> uploadedFiles(Context ctx, String part,
                                                                            java.util.function.Supplier<VigilException> tooLarge) {
        try {
            return ctx.uploadedFiles(part);
        } catch (Exception e) { // Jetty's ServletException arrives unchecked through Kotlin
            for (Throwable t = e; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("size exceeded") || message.contains("too large")) {
                    throw tooLarge.get();
                }
            }
            throw Problems.unreadable("the multipart body cannot be read", e);
        }
    }

    /**
     * The whole body. {@link BodyReader} has read it before the handler runs, so this takes no
     * copy and never waits on the network; without a body it is empty.
     */
    public static byte[] bytes(Context ctx) {
        BufferedBody body = BufferedBody.of(ctx.req());
        if (body != null) {
            return body.bytes();
        }
        try {
            return ctx.req().getInputStream().readAllBytes(); // no body was declared: nothing to wait for
        } catch (IOException e) {
            throw VigilException.badRequest("the request body cannot be read");
        }
    }

    /**
     * Answers with {@code body} written straight to the response (status and headers already set).
     * A client that went away gets nothing more: that is no server error, and there is no one to tell.
     */
    public static void send(Context ctx, String contentType, byte[] body) {
        Dialect dialect = Dialect.of(ctx);
        if (dialect != null && contentType.startsWith("application/json")) {
            body = dialect.answer(body);
        }
        ctx.contentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            log.atDebug().addKeyValue("path", ctx.path()).addKeyValue("error", e.toString()).log("answer not sent; the client went away");
        }
    }

}
