package io.vigil.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.servlet.JavalinWsServletContext;
import io.javalin.validation.ValidationException;
import io.vigil.engine.algorithms.DetectorLabelException;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.features.InvalidRecordException;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into one RFC 7807 problem document, whoever raised it. */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    static final String TYPE_BASE = Problems.TYPE_BASE;

    private ErrorMapper() {}

    static void install(RoutesConfig routes) {
        routes.exception(VigilException.class, (e, ctx) -> write(ctx, problemOf(e)));
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        // the engine's own failures, when they reach a route untranslated: the caller's input did not fit
        routes.exception(InvalidRecordException.class, (e, ctx) -> write(ctx, problemOf(VigilException.unprocessable(e.getMessage()))));
        routes.exception(DetectorLabelException.class, (e, ctx) -> write(ctx, problemOf(VigilException.unprocessable(e.getMessage()))));
        routes.exception(InvalidHyperparameterException.class, (e, ctx) -> write(ctx, problemOf(VigilException.invalid("hyperparameters", String.join("; ", e.problems())))));
        routes.exception(ValidationException.class, (e, ctx) -> {
            List<FieldError> errors = new ArrayList<>();
            e.getErrors().forEach((field, list) -> list.forEach(err -> errors.add(new FieldError(field, err.getMessage()))));
            write(ctx, problemOf(VigilException.invalid(errors)));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e.getStatus(), e.getMessage(), ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            // Jetty refuses some requests from inside Javalin's handling, e.g. a WebSocket upgrade without its key
            if (e instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                write(ctx, fromJetty(http, ctx));
                return;
            }
            log.atError().setCause(e)
                    .addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                    .log("request failed with an unexpected error");
            write(ctx, new ApiException(500, "Internal server error",
                    "An unexpected error occurred; quote request id " + RequestIds.of(ctx) + " when reporting it."));
        });
        // Errors Javalin answers by itself (unknown route, wrong method) also become problems.
        for (int status : new int[] {404, 405}) {
            routes.error(status, ctx -> {
                if (!isProblem(ctx)) {
                    write(ctx, fromJavalin(status, null, ctx));
                }
            });
        }
    }

    /** The one place a kind of failure becomes an HTTP status and a problem title. */
    static ApiException problemOf(VigilException e) {
        return new ApiException(statusOf(e.kind()), titleOf(e.kind()), e.detail(), e.errors());
    }

    static int statusOf(VigilException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST, INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
        };
    }

    private static String titleOf(VigilException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> "Bad request";
            case INVALID -> "Validation failed";
            case UNAUTHENTICATED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case TOO_LARGE -> "Payload too large";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
            case UNPROCESSABLE -> "Unprocessable content";
            case UNAVAILABLE -> "Service unavailable";
        };
    }

    private static ApiException fromJavalin(int status, String message, Context ctx) {
        String said = Problems.callerSafe(message);
        return switch (status) {
            case 404 -> problemOf(VigilException.notFound("No route for " + ctx.method().name() + " " + ctx.path()));
            case 405 -> new ApiException(405, "Method not allowed", ctx.method().name() + " is not allowed on " + ctx.path());
            case 413 -> problemOf(VigilException.tooLarge(said == null ? "The request body is too large" : said));
            default -> new ApiException(status, titleFor(status), said == null ? titleFor(status) : said);
        };
    }

    private static ApiException fromJetty(HttpException e, Context ctx) {
        String said = Problems.callerSafe(e.getReason());
        if (ctx instanceof JavalinWsServletContext) {
            return problemOf(VigilException.badRequest("bad WebSocket upgrade" + (said == null ? "" : " (" + said + ")")
                    + ": send GET with the headers Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13"
                    + " and a Sec-WebSocket-Key of 16 random bytes in base64"));
        }
        return new ApiException(e.getCode(), titleFor(e.getCode()), said == null ? titleFor(e.getCode()) : said);
    }

    private static String titleFor(int status) {
        io.javalin.http.HttpStatus s = io.javalin.http.HttpStatus.forStatus(status);
        return s == io.javalin.http.HttpStatus.UNKNOWN ? "Error" : s.getMessage();
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.MEDIA_TYPE);
    }

    static void write(Context ctx, ApiException e) {
        byte[] body = Problems.json(e, ctx.path(), RequestIds.of(ctx));
        ctx.status(e.status());
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", Identification.CHALLENGE);
        }
        if (e.status() == 413) {
            // the rest of the body is unread, so the connection cannot carry another request: say so, or a
            // client's pool sends its next request on a connection the server is closing
            ctx.header("Connection", "close");
        }
        ctx.contentType(Problem.MEDIA_TYPE);
        if (ctx instanceof JavalinWsServletContext) {
            // a refused WebSocket upgrade never sends Javalin's result: write the problem straight away
            ctx.res().setContentLength(body.length);
            try {
                ctx.res().getOutputStream().write(body);
            } catch (IOException gone) {
                log.atDebug().addKeyValue("path", ctx.path()).log("problem not sent; the client went away");
            }
            return;
        }
        ctx.result(body);
    }
}
