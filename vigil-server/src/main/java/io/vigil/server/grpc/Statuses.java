package io.vigil.server.grpc;

import io.grpc.Status;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;

/**
 * A {@link VigilException} as a gRPC status, the way {@code http.ErrorMapper} makes it a problem
 * document: a client's mistake is INVALID_ARGUMENT (never INTERNAL), with every bad field named in
 * the description.
 */
final class Statuses {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Statuses.class);
    private Statuses() {}

    static Status of(VigilException e) {
        return code(e.kind()).withDescription(describe(e));
    }

    /** A failure of Vigil's own: logged whole under an id, answered INTERNAL quoting only that id. */
    static Status internal(RuntimeException e) {
        String id = java.util.UUID.randomUUID().toString();
        log.atError().setCause(e).addKeyValue("errorId", id).log("gRPC call failed");
        return Status.INTERNAL.withDescription("internal error " + id + " (see the server log)");
    }

    static Status.Code codeOf(VigilException e) {
        return code(e.kind()).getCode();
    }

    /** The detail, then each field error as {@code field: message}. */
    static String describe(VigilException e) {
        StringBuilder text = new StringBuilder(e.detail());
        for (FieldError f : e.errors()) {
            if (!e.detail().contains(f.message())) {
                text.append("; ").append(f.field()).append(": ").append(f.message());
            }
        }
        return text.toString();
    }

    private static Status code(VigilException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            // invalid, unprocessable, bad request, too large, unsupported media type: what the client sent
            default -> Status.INVALID_ARGUMENT;
        };
    }
}
