package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads query and form parameters, collecting every problem before failing, so a caller learns
 * about all its bad fields at once. Call {@link #throwIfInvalid()} after the last read.
 */
public final class Params {
    private final Context ctx;
    private final FieldErrors errors = new FieldErrors();

    public Params(Context ctx) {
        this.ctx = ctx;
    }

    /** The problems found so far, for checks of the caller's own. */
    public FieldErrors errors() {
        return errors;
    }

    /** A query parameter used as a name or filter: one line, no control characters; null when blank. */
    public String text(String name, int maxLength) {
        return name(name, query(name), maxLength);
    }

    /** {@code value} (of field {@code name}) as a name: one line, no control characters; null when blank or bad. */
    public String name(String name, String value, int maxLength) {
        return errors.name(name, value, maxLength) && value != null && !value.isBlank() ? value : null;
    }

    /** {@code value} (of field {@code name}) as free text, line breaks allowed; null when blank or bad. */
    public String description(String name, String value, int maxLength) {
        return errors.text(name, value, maxLength) && value != null && !value.isBlank() ? value : null;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        String raw = query(name);
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
        errors.add(name, "must be a whole number from " + min + " to " + max);
        return defaultValue;
    }

    /** A value from a fixed set, compared case-insensitively; returned in lower case. */
    public String oneOf(String name, String defaultValue, Set<String> allowed) {
        String raw = query(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            errors.add(name, "must be one of " + new java.util.TreeSet<>(allowed));
            return defaultValue;
        }
        return value;
    }

    /** A time in ISO-8601 with its zone ({@code 2026-05-01T12:00:00Z}); null when blank or bad. */
    public java.time.Instant instant(String name) {
        return parsed(name, java.time.Instant::parse, "must be a time in ISO-8601 with its zone, such as 2026-05-01T12:00:00Z");
    }

    /** An id (a UUID); null when blank or bad. */
    public java.util.UUID uuid(String name) {
        return parsed(name, java.util.UUID::fromString, "must be an id (a UUID)");
    }

    /** Query parameter {@code name} read by {@code parse}; null when blank, or (with {@code message} on it) when it throws. */
    private <T> T parsed(String name, java.util.function.Function<String, T> parse, String message) {
        String raw = text(name, 64);
        if (raw == null) {
            return null;
        }
        try {
            return parse.apply(raw.strip());
        } catch (RuntimeException e) {
            errors.add(name, message);
            return null;
        }
    }

    /**
     * The UUID in path parameter {@code id}; anything else cannot name a resource, so it is a 404
     * ("no {@code what} with id ...").
     */
    public static java.util.UUID pathId(Context ctx, String what) {
        return pathId(ctx, "id", what);
    }

    /** The id in the path parameter {@code param}; a 404 naming {@code what} when it is not one. */
    public static java.util.UUID pathId(Context ctx, String param, String what) {
        String raw = ctx.pathParam(param);
        try {
            return java.util.UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw VigilException.notFound("no " + what + " with id " + raw);
        }
    }

    public void add(String field, String message) {
        errors.add(field, message);
    }

    public void throwIfInvalid() {
        errors.throwIfAny();
    }

    /** The one value of query parameter {@code name}; given twice it is an error (which one was meant?). */
    private String query(String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            errors.add(name, "give " + name + " once; it was given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
