package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request and answer bodies. JSON requests: 415 for another media type, 400 naming the field for
 * bad JSON. Both directions skip Javalin's copies, which cost the hot paths more than their JSON:
 * its body reader takes 13 KB of buffers per request, and its answer goes through a new 32 KB buffer.
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
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiException.unsupportedMediaType("send a JSON body with Content-Type: application/json; got '" + contentType + "'");
        }
        try {
            if (body.length == 0) {
                throw ApiException.badRequest("the request body is empty; a JSON object is expected");
            }
            return Json.MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(path(e), "unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (InvalidFormatException e) {
            throw ApiException.invalid(path(e), "'" + e.getValue() + "' is not a valid " + e.getTargetType().getSimpleName());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw field.isEmpty() ? ApiException.badRequest("the body must be a JSON object")
                    : e.getTargetType() == null ? ApiException.invalid(field, e.getOriginalMessage()) // a reader's own words
                    : ApiException.invalid(field, "has the wrong type; expected " + e.getTargetType().getSimpleName());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
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
            throw ApiException.badRequest("the request body cannot be read");
        }
    }

    /**
     * Answers with {@code body} written straight to the response (status and headers already set).
     * A client that went away gets nothing more: that is no server error, and there is no one to tell.
     */
    public static void send(Context ctx, String contentType, byte[] body) {
        ctx.contentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            log.atDebug().addKeyValue("path", ctx.path()).addKeyValue("error", e.toString()).log("answer not sent; the client went away");
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
