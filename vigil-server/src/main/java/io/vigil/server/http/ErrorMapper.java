package io.vigil.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.servlet.JavalinWsServletContext;
import io.javalin.validation.ValidationException;
import io.vigil.server.core.FieldError;
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
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        routes.exception(ValidationException.class, (e, ctx) -> {
            List<FieldError> errors = new ArrayList<>();
            e.getErrors().forEach((field, list) -> list.forEach(err -> errors.add(new FieldError(field, err.getMessage()))));
            write(ctx, ApiException.invalid(errors));
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

    private static ApiException fromJavalin(int status, String message, Context ctx) {
        String said = Problems.callerSafe(message);
        return switch (status) {
            case 404 -> ApiException.notFound("No route for " + ctx.method().name() + " " + ctx.path());
            case 405 -> new ApiException(405, "Method not allowed", ctx.method().name() + " is not allowed on " + ctx.path());
            case 413 -> ApiException.tooLarge(said == null ? "The request body is too large" : said);
            default -> new ApiException(status, titleFor(status), said == null ? titleFor(status) : said);
        };
    }

    private static ApiException fromJetty(HttpException e, Context ctx) {
        String said = Problems.callerSafe(e.getReason());
        if (ctx instanceof JavalinWsServletContext) {
            return ApiException.badRequest("bad WebSocket upgrade" + (said == null ? "" : " (" + said + ")")
                    + ": send GET with the headers Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13"
                    + " and a Sec-WebSocket-Key of 16 random bytes in base64");
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
