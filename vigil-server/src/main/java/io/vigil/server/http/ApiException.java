package io.vigil.server.http;

import io.vigil.server.core.FieldError;
import java.util.List;

/**
 * A problem of the HTTP layer, ready to write: status, title, detail. The domain never sees it: it
 * throws {@link io.vigil.server.core.VigilException}, which {@link ErrorMapper#problemOf} turns into
 * one of these. Thrown as it is only where HTTP itself is the subject (406, 408, 414...).
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
}
