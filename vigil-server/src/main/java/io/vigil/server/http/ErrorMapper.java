package io.vigil.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into one RFC 7807 problem document, whoever raised it. */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    static final String TYPE_BASE = "https://vigil.dev/problems/";

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
        return switch (status) {
            case 404 -> ApiException.notFound("No route for " + ctx.method().name() + " " + ctx.path());
            case 405 -> new ApiException(405, "Method not allowed", ctx.method().name() + " is not allowed on " + ctx.path());
            case 413 -> ApiException.tooLarge(message == null ? "The request body is too large" : message);
            default -> new ApiException(status, titleFor(status), message == null ? titleFor(status) : message);
        };
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
        Problem problem = Problem.of(e, ctx);
        ctx.status(e.status());
        ctx.contentType(Problem.MEDIA_TYPE);
        try {
            ctx.result(Json.MAPPER.writeValueAsBytes(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            ctx.result("{\"status\":" + e.status() + "}");
        }
    }
}
