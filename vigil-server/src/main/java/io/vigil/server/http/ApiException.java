package io.vigil.server.http;

import io.vigil.server.core.FieldError;
import java.util.List;

/**
 * The one error type of the HTTP layer: anything thrown as an {@code ApiException} reaches the
 * client as a problem+json document with this status, title and detail.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ApiException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public int status() { return status; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }

    /** A short, stable slug for the problem {@code type} URI, e.g. {@code validation-failed}. */
    public String typeSlug() {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail);
    }

    /**
     * A 400 for input a library could not read: {@code what} is wrong, then the library's own reason
     * when it speaks to the caller ("unexpected EOF in BODY_PART"), never its class names.
     */
    public static ApiException unreadable(String what, Throwable cause) {
        String reason = Problems.reasonOf(cause);
        return badRequest(reason == null ? what : what + ": " + reason);
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(400, "Validation failed", detail, errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "Payload too large", detail);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "Unsupported media type", detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "Unprocessable content", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service unavailable", detail);
    }
}
