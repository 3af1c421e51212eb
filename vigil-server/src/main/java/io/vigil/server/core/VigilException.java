package io.vigil.server.core;

import java.util.List;

/**
 * The one error of the domain: what went wrong, in the caller's terms, and which kind of wrong it
 * is. It knows nothing of HTTP; {@code http.ErrorMapper} alone turns a kind into a status and a
 * problem document, so the same error reads the same from a route, a job's log or the CLI.
 */
public class VigilException extends RuntimeException {

    /** Kinds of failure a caller can act on. */
    public enum Kind {
        /** The request cannot be read at all (not JSON, a malformed body or parameter). */
        BAD_REQUEST,
        /** Fields of a readable request break their rules; {@link #errors()} says which. */
        INVALID,
        NOT_FOUND,
        /** The request clashes with the current state (a name taken, a move not allowed now). */
        CONFLICT,
        TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        /** Well-formed, but it cannot be done with this data or model (a missing column, an unknown label). */
        UNPROCESSABLE,
        /** Not now: a part the request needs is down or busy; the same request may succeed later. */
        UNAVAILABLE,
        /** Who asked may not do this. */
        FORBIDDEN,
        /** Nobody known asked: no credentials, or credentials that are not valid. */
        UNAUTHENTICATED
    }

    private final Kind kind;
    private final List<FieldError> errors;

    public VigilException(Kind kind, String detail, List<FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public VigilException(Kind kind, String detail) {
        this(kind, detail, List.of());
    }

    public Kind kind() { return kind; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }

    /** The same error told in other words (for a protocol whose callers expect its own). */
    public VigilException withDetail(Kind newKind, String newDetail) {
        return new VigilException(newKind, newDetail, errors);
    }

    public static VigilException badRequest(String detail) {
        return new VigilException(Kind.BAD_REQUEST, detail);
    }

    public static VigilException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new VigilException(Kind.INVALID, detail, errors);
    }

    public static VigilException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static VigilException notFound(String detail) {
        return new VigilException(Kind.NOT_FOUND, detail);
    }

    public static VigilException conflict(String detail) {
        return new VigilException(Kind.CONFLICT, detail);
    }

    public static VigilException tooLarge(String detail) {
        return new VigilException(Kind.TOO_LARGE, detail);
    }

    public static VigilException unsupportedMediaType(String detail) {
        return new VigilException(Kind.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    public static VigilException unprocessable(String detail) {
        return new VigilException(Kind.UNPROCESSABLE, detail);
    }

    /** Unprocessable, with the fields (or inputs) at fault listed. */
    public static VigilException unprocessable(String detail, List<FieldError> errors) {
        return new VigilException(Kind.UNPROCESSABLE, detail, errors);
    }

    public static VigilException unavailable(String detail) {
        return new VigilException(Kind.UNAVAILABLE, detail);
    }
}
