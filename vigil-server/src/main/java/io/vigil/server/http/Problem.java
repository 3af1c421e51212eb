package io.vigil.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import java.util.List;

/**
 * The body of every error response: RFC 7807 {@code application/problem+json}.
 * {@code errors} lists invalid fields for validation failures; {@code requestId} ties the
 * answer to the server's log line.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      String requestId, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The document that answers {@code e} on the request {@code ctx}. */
    public static Problem of(VigilException e, io.javalin.http.Context ctx) {
        return Problems.problem(ErrorMapper.problemOf(e), ctx.path(), RequestIds.of(ctx));
    }
}
