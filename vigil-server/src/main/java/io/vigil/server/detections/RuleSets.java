package io.vigil.server.detections;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.rules.CompiledRules;
import io.vigil.engine.rules.InvalidRuleSetException;
import io.vigil.engine.rules.RuleProblem;
import io.vigil.engine.rules.RuleSet;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime section {@code rules} ({@code /ml/config/rules}): each model type's fast rules, in
 * the engine's rule-set JSON ({@code {"rules": [...]}}, README "Fast rules"). Checked whole when
 * saved, every problem under its path ({@code modelTypes.intrusion.rules[2].conditions[0].op});
 * compiled once when it comes into force, on every instance.
 */
public record RuleSets(Map<String, JsonNode> modelTypes) {
    public static final String SECTION = "rules";
    public static final RuleSets NONE = new RuleSets(Map.of());
    static final int MAX_MODEL_TYPES = 1_000;

    public RuleSets {
        modelTypes = modelTypes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(modelTypes));
    }

    public static FieldErrors validate(RuleSets value) {
        FieldErrors errors = new FieldErrors();
        if (!errors.size("modelTypes", value.modelTypes(), MAX_MODEL_TYPES)) {
            return errors;
        }
        value.modelTypes().forEach((type, rules) -> {
            String at = "modelTypes." + type;
            if (type.isBlank()) {
                errors.add(at, "a model type's name must not be blank");
            } else if (errors.name(at, type, RequestLimits.MODEL_NAME_LENGTH)
                    && errors.required(at, rules, "a rule set: {\"rules\": [...]}")) {
                try {
                    RuleSet.parse(rules);
                } catch (InvalidRuleSetException e) {
                    for (RuleProblem p : e.problems()) {
                        errors.add(p.field().isEmpty() ? at : at + "." + p.field(), p.message());
                    }
                }
            }
        });
        return errors;
    }

    /** Each model type's rules, compiled (a checked value: its rule sets parse). */
    Map<String, CompiledRules> compiled() {
        Map<String, CompiledRules> out = new HashMap<>();
        modelTypes.forEach((type, rules) -> out.put(type, RuleSet.parse(rules).compile()));
        return Map.copyOf(out);
    }
}
