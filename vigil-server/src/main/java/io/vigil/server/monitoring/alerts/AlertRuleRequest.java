package io.vigil.server.monitoring.alerts;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A rule as a caller writes it: the body of {@code POST /ml/alerts/rules} and {@code PUT
 * /ml/alerts/rules/{id}} (on PUT a field left out keeps its value), and an item of
 * {@code alerts.rules} in {@code vigil.yaml}. A rule of the API names its model by {@code modelId};
 * one of the configuration by {@code model}, its name (models are made after the file is written).
 */
public record AlertRuleRequest(String name, String kind, UUID modelId, String model, Double threshold, Double floor,
                               List<String> classes, String baseline, String window, Integer minSamples, String severity,
                               String cooldown, List<String> channels, Boolean enabled, String description) {
    static final int MAX_CLASSES = 100;
    static final int MAX_CHANNELS = 20;
    static final int MAX_MIN_SAMPLES = 1_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (RequestLimits.MODEL_NAME_LENGTH - 1) + "}");

    /** Who writes the rule: the API or the configuration (which names a model by name, never by id). */
    enum Source { API, CONFIG }

    /**
     * The rule this request makes ({@code base} null) or makes of {@code base}; its problems, each
     * on its field, go to {@code errors} (the rule is then null). The model is checked by the caller.
     */
    AlertRule toRule(AlertRule base, Source source, UUID id, String by, Instant at, FieldErrors errors) {
        boolean creating = base == null;
        if (creating) {
            errors.required("name", name, "is required: a name for the rule, e.g. kdd-threats");
            errors.required("kind", kind, "is required: one of " + RuleKind.names());
        }
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add("name", "use 1-" + RequestLimits.MODEL_NAME_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        RuleKind k = creating ? RuleKind.parse(kind).orElse(null) : base.kind();
        if (kind != null && RuleKind.parse(kind).isEmpty()) {
            errors.add("kind", "must be one of " + RuleKind.names() + "; got '" + shortened(kind) + "'");
        } else if (!creating && kind != null && RuleKind.parse(kind).get() != base.kind()) {
            errors.add("kind", "cannot change (" + base.kind().wire() + "): make a new rule of kind " + kind + " instead");
        }
        checkModel(source, errors);
        Severity level = severity == null ? null : Severity.parse(severity).orElse(null);
        if (severity != null && level == null) {
            errors.add("severity", "must be one of " + Severity.names() + "; got '" + shortened(severity) + "'");
        }
        errors.text("description", description, RequestLimits.DESCRIPTION_LENGTH);
        List<UUID> channelIds = channels(errors);
        if (k == null) {
            return null; // the kind decides what the rest means
        }
        double t = threshold != null ? threshold : creating ? k.defaultThreshold() : base.threshold();
        if (threshold != null && !k.hasThreshold()) {
            errors.add("threshold", k.wire() + " has no threshold: a rule of it fires on each one; leave threshold out");
        } else if (threshold != null && !k.thresholdFits(threshold)) {
            errors.add("threshold", "for " + k.wire() + ": " + k.thresholdMeaning() + "; got " + threshold);
        }
        Double f = kindOnly(errors, "floor", floor, k == RuleKind.ACCURACY_DROP, k, creating ? null : base.floor());
        if (f != null) {
            errors.number("floor", f, 0, 1);
        }
        List<String> cls = kindOnly(errors, "classes", classes, k == RuleKind.THREAT_PREDICTION, k, creating ? List.of() : base.classes());
        errors.names("classes", cls, MAX_CLASSES, RequestLimits.DATA_NAME_LENGTH);
        String bl = kindOnly(errors, "baseline", baseline, k == RuleKind.CLASS_MIX_SHIFT, k,
                creating ? (k == RuleKind.CLASS_MIX_SHIFT ? AlertRule.BASELINE_REFERENCE : null) : base.baseline());
        if (baseline != null && k == RuleKind.CLASS_MIX_SHIFT && !List.of(AlertRule.BASELINE_REFERENCE, AlertRule.BASELINE_PREVIOUS).contains(baseline)) {
            errors.add("baseline", "must be reference (the training rows' predictions) or previous (the window before)");
        }
        String w = window != null ? window.strip() : creating ? k.defaultWindow() : base.window();
        Spans.window(errors, "window", w);
        String cd = cooldown != null ? cooldown.strip() : creating ? k.defaultCooldown() : base.cooldown();
        Spans.cooldown(errors, "cooldown", cd);
        int samples = minSamples != null ? minSamples : creating ? Math.max(1, k.defaultMinSamples()) : base.minSamples();
        errors.integer("minSamples", minSamples, 1, MAX_MIN_SAMPLES);
        if (!errors.isEmpty()) {
            return null;
        }
        UUID model = source == Source.API ? (modelId != null || creating ? modelId : base.modelId()) : null;
        String modelName = source == Source.CONFIG ? model() : creating ? null : base.modelName();
        return new AlertRule(id, name != null ? name : base.name(), k, model, modelName, t, f, cls, bl, w, samples,
                level != null ? level : creating ? k.defaultSeverity() : base.severity(), cd,
                channelIds != null ? channelIds : creating ? List.of() : base.channels(),
                enabled != null ? enabled : creating || base.enabled(), description != null ? description : creating ? null : base.description(),
                source == Source.CONFIG ? AlertRule.FROM_CONFIG : AlertRule.FROM_API, creating ? by : base.createdBy(),
                creating ? at : base.createdAt(), by, at);
    }

    private void checkModel(Source source, FieldErrors errors) {
        if (source == Source.API && model != null) {
            errors.add("model", "name the model by its id, in modelId");
        }
        if (source == Source.CONFIG && modelId != null) {
            errors.add("modelId", "a rule of the configuration names its model by name, in model");
        }
        errors.name("model", model, RequestLimits.MODEL_NAME_LENGTH);
        RuleKind k = RuleKind.parse(kind).orElse(null);
        if (k != null && k.serverWide() && (modelId != null || model != null)) {
            errors.add(modelId != null ? "modelId" : "model", k.wire() + " watches the prediction requests of the whole server"
                    + " (their errors are not counted per model): leave the model out");
        }
    }

    private List<UUID> channels(FieldErrors errors) {
        if (channels == null || !errors.size("channels", channels, MAX_CHANNELS)) {
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            try {
                ids.add(UUID.fromString(channels.get(i) == null ? "" : channels.get(i).strip()));
            } catch (IllegalArgumentException e) {
                errors.add("channels[" + i + "]", "must be a channel's id (a UUID)");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(ids));
    }

    /** {@code given} (or {@code otherwise}) when the field belongs to the kind; an error when it is given to another. */
    private static <T> T kindOnly(FieldErrors errors, String field, T given, boolean belongs, RuleKind kind, T otherwise) {
        if (given != null && !belongs) {
            errors.add(field, "applies to another kind of rule, not to " + kind.wire());
            return null;
        }
        return given != null ? given : belongs ? otherwise : null;
    }

    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
