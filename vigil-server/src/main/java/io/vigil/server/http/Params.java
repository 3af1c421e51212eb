package io.vigil.server.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads query and form parameters, collecting every problem before failing, so a caller learns
 * about all its bad fields at once. Call {@link #throwIfInvalid()} after the last read.
 */
public final class Params {
    private final Context ctx;
    private final List<FieldError> errors = new ArrayList<>();

    public Params(Context ctx) {
        this.ctx = ctx;
    }

    public String text(String name, int maxLength) {
        String value = ctx.queryParam(name);
        return checkLength(name, value, maxLength);
    }

    public String checkLength(String name, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value == null || value.isBlank() ? null : value;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return defaultValue;
    }

    /** A value from a fixed set, compared case-insensitively; returned in lower case. */
    public String oneOf(String name, String defaultValue, Set<String> allowed) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            errors.add(new FieldError(name, "must be one of " + new java.util.TreeSet<>(allowed)));
            return defaultValue;
        }
        return value;
    }

    /**
     * The UUID in path parameter {@code id}; anything else cannot name a resource, so it is a 404
     * ("no {@code what} with id ...").
     */
    public static java.util.UUID pathId(Context ctx, String what) {
        String raw = ctx.pathParam("id");
        try {
            return java.util.UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no " + what + " with id " + raw);
        }
    }

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
