package io.vigil.server.settings;

import io.javalin.http.Context;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP handlers of {@code /ml/config}: the sections, one section's value in force (with its revision
 * as the {@code ETag}), a change (the whole value as the body; {@code ?reason=}; {@code If-Match: "3"}
 * to refuse it with 409 if someone changed the section since revision 3), the history, a rollback and
 * the sensitivity presets of the thresholds.
 */
public final class SettingsApi {
    private static final Pattern IF_MATCH = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,9})\"?\\s*");

    private final RuntimeSettings settings;
    private final RuntimeSection<Thresholds> thresholds;

    public SettingsApi(RuntimeSettings settings, RuntimeSection<Thresholds> thresholds) {
        this.settings = settings;
        this.thresholds = thresholds;
    }

    public void list(Context ctx) {
        ctx.json(Map.of("items", settings.list()));
    }

    public void get(Context ctx) {
        answer(ctx, settings.get(ctx.pathParam("section")));
    }

    /** {@code PUT}: the body is the section's whole new value. */
    public void change(Context ctx) {
        RuntimeSection<?> section = settings.section(ctx.pathParam("section"));
        Params p = new Params(ctx);
        String reason = p.description("reason", ctx.queryParam("reason"), RuntimeSettings.MAX_REASON);
        Integer expected = expectedRevision(ctx.header("If-Match"));
        p.throwIfInvalid();
        answer(ctx, change(ctx, section, reason, expected));
    }

    private <T> SettingsRevision change(Context ctx, RuntimeSection<T> section, String reason, Integer expected) {
        return settings.change(section, Bodies.json(ctx, section.type()), Callers.of(ctx), reason, expected);
    }

    /** {@code ?page=1&size=20}: newest first, the default (revision 0) last. */
    public void history(Context ctx) {
        String name = ctx.pathParam("section");
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        p.throwIfInvalid();
        ctx.json(settings.history(name, page, size));
    }

    /** The body of a rollback: the revision whose value becomes the next revision's. */
    public record RollbackRequest(Integer revision, String reason) {}

    public void rollback(Context ctx) {
        String name = ctx.pathParam("section");
        settings.section(name);
        RollbackRequest request = Bodies.json(ctx, RollbackRequest.class);
        FieldErrors errors = new FieldErrors();
        if (errors.required("revision", request.revision(), "the revision whose value to put back (0: the start-time default)")) {
            errors.integer("revision", request.revision(), 0, Integer.MAX_VALUE);
        }
        errors.throwIfAny();
        answer(ctx, settings.rollback(name, request.revision(), Callers.of(ctx), request.reason()));
    }

    /** The body of a sensitivity preset. */
    public record SensitivityRequest(String modelType, String direction, String reason) {}

    /** Every threshold of a model type one step along the ladder ({@link Sensitivity}). */
    public void sensitivity(Context ctx) {
        SensitivityRequest request = Bodies.json(ctx, SensitivityRequest.class);
        FieldErrors errors = new FieldErrors();
        if (errors.required("modelType", request.modelType(), "the model type whose thresholds move")) {
            errors.name("modelType", request.modelType(), io.vigil.server.core.RequestLimits.MODEL_NAME_LENGTH);
        }
        errors.throwIfAny();
        Sensitivity.Direction direction = Sensitivity.Direction.of(request.direction());
        answer(ctx, settings.update(thresholds, t -> Sensitivity.shift(t, request.modelType(), direction), Callers.of(ctx),
                request.reason() != null ? request.reason() : "sensitivity " + request.direction() + " for " + request.modelType()));
    }

    private static void answer(Context ctx, SettingsRevision revision) {
        ctx.header("ETag", "\"" + revision.revision() + "\"");
        ctx.json(revision);
    }

    /** {@code If-Match: "3"} (or {@code 3}): the revision the caller changed; null without the header. */
    static Integer expectedRevision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        Matcher m = IF_MATCH.matcher(ifMatch);
        if (!m.matches()) {
            throw VigilException.invalid("If-Match", "must be the section's revision as its ETag gives it, such as \"3\"");
        }
        return Integer.parseInt(m.group(1));
    }
}
