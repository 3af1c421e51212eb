package io.vigil.server.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code thresholds} section: per model type, the threat score above which a verdict becomes a
 * security event, the score above which that event is critical, and the margin beyond which the
 * rules' and the model's scores are said to diverge; {@code default} for the model types not listed.
 *
 * <pre>{@code
 * {"default": {"event": 0.5, "critical": 0.9, "divergenceMargin": 0.3},
 *  "modelTypes": {"network-intrusion": {"event": 0.7, "critical": 0.95, "divergenceMargin": 0.4}}}
 * }</pre>
 *
 * @param defaults   for every model type not in {@code modelTypes} (JSON {@code default})
 * @param modelTypes by model type (the detection slot a model is deployed to)
 */
public record Thresholds(@JsonProperty("default") ModelTypeThresholds defaults, Map<String, ModelTypeThresholds> modelTypes) {
    /** The section's name: {@code /ml/config/thresholds}. */
    public static final String SECTION = "thresholds";
    /** At most this many model types have thresholds of their own. */
    static final int MAX_MODEL_TYPES = 1_000;
    /** The built-in values, revision 0. */
    public static final Thresholds DEFAULT = new Thresholds(new ModelTypeThresholds(0.5, 0.9, 0.3), Map.of());

    /**
     * One model type's thresholds, each from 0 to 1.
     *
     * @param event            a threat score at or above it makes a security event
     * @param critical         at or above it the event is critical; at least {@code event}
     * @param divergenceMargin rules and model diverge when their scores differ by more than it
     */
    public record ModelTypeThresholds(Double event, Double critical, Double divergenceMargin) {
        void check(String at, FieldErrors errors) {
            String prefix = at + ".";
            boolean ok = errors.required(prefix + "event", event, "the threat score from which a verdict is a security event, 0-1")
                    & errors.required(prefix + "critical", critical, "the threat score from which an event is critical, 0-1");
            errors.required(prefix + "divergenceMargin", divergenceMargin,
                    "how far the rules' and the model's scores may differ before they diverge, 0-1");
            ok &= errors.number(prefix + "event", event, 0, 1) & errors.number(prefix + "critical", critical, 0, 1);
            errors.number(prefix + "divergenceMargin", divergenceMargin, 0, 1);
            if (ok && critical < event) {
                errors.add(prefix + "critical", "must be at least event (" + event + "); got " + critical);
            }
        }
    }

    public Thresholds {
        // kept in order, nulls and all, for the check to name; never changed after
        modelTypes = modelTypes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(modelTypes));
    }

    /** The thresholds of {@code modelType}: its own, or the default ones. */
    public ModelTypeThresholds of(String modelType) {
        ModelTypeThresholds own = modelType == null ? null : modelTypes.get(modelType);
        return own != null ? own : defaults;
    }

    /** These thresholds with {@code modelType}'s set to {@code thresholds}. */
    public Thresholds with(String modelType, ModelTypeThresholds thresholds) {
        Map<String, ModelTypeThresholds> changed = new LinkedHashMap<>(modelTypes);
        changed.put(modelType, thresholds);
        return new Thresholds(defaults, changed);
    }

    /** Every bad field, by its path ({@code modelTypes.network-intrusion.event}). */
    public static FieldErrors validate(Thresholds value) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("default", value.defaults(), "the thresholds of model types not listed in modelTypes")) {
            value.defaults().check("default", errors);
        }
        if (errors.size("modelTypes", value.modelTypes(), MAX_MODEL_TYPES)) {
            value.modelTypes().forEach((type, own) -> {
                String at = "modelTypes." + type;
                if (type.isBlank()) {
                    errors.add(at, "a model type's name must not be blank");
                } else if (errors.name(at, type, RequestLimits.MODEL_NAME_LENGTH)
                        && errors.required(at, own, "an object with event, critical and divergenceMargin")) {
                    own.check(at, errors);
                }
            });
        }
        return errors;
    }
}
