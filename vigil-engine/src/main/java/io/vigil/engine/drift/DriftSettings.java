package io.vigil.engine.drift;

import io.vigil.engine.table.ColumnKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How drift is judged: the method and threshold for numeric inputs, categorical inputs and the
 * predictions, per-input exceptions, the share of drifted inputs that makes the dataset drifted, and
 * the live rows below which no verdict is given. Every field may be null, meaning "as the settings
 * under these" ({@link #over}); {@link #DEFAULTS} are Evidently's. A method is a
 * {@link DriftMethod} name or {@code auto} (Evidently's choice by reference size); a threshold needs
 * a named method, since a p-value and a distance do not share a scale.
 *
 * @param driftShare share of drifted inputs at which the dataset has drifted, in (0, 1]
 * @param minRows    live rows below which each input says "not enough data"
 * @param inputs     input name to its own method and threshold
 */
public record DriftSettings(String numericMethod, Double numericThreshold, String categoricalMethod, Double categoricalThreshold,
                            String predictionMethod, Double predictionThreshold, Double driftShare, Integer minRows,
                            Map<String, InputRule> inputs) {
    public static final String AUTO = "auto";
    /** Most per-input rules one model may have. */
    public static final int MAX_INPUT_RULES = 1_000;
    public static final int MAX_MIN_ROWS = 1_000_000;

    /** Evidently's defaults: methods by reference size with their own thresholds, dataset drift at half the inputs, 30 rows at least. */
    public static final DriftSettings DEFAULTS = new DriftSettings(AUTO, null, AUTO, null, AUTO, null, 0.5, 30, Map.of());

    /** One input's own method (or {@code auto}) and threshold. */
    public record InputRule(String method, Double threshold) {
    }

    public DriftSettings {
        inputs = inputs == null ? null : Map.copyOf(inputs);
    }

    /** Nothing set: everything as the settings under it. */
    public static DriftSettings none() {
        return new DriftSettings(null, null, null, null, null, null, null, null, null);
    }

    /**
     * These settings over {@code base}: each field set here wins; per-input rules are merged, these
     * first. A method set here without a threshold uses its own default, not the base's threshold.
     */
    public DriftSettings over(DriftSettings base) {
        Map<String, InputRule> merged = new LinkedHashMap<>();
        if (base.inputs != null) merged.putAll(base.inputs);
        if (inputs != null) merged.putAll(inputs);
        return new DriftSettings(numericMethod != null ? numericMethod : base.numericMethod,
                numericMethod != null ? numericThreshold : base.numericThreshold,
                categoricalMethod != null ? categoricalMethod : base.categoricalMethod,
                categoricalMethod != null ? categoricalThreshold : base.categoricalThreshold,
                predictionMethod != null ? predictionMethod : base.predictionMethod,
                predictionMethod != null ? predictionThreshold : base.predictionThreshold,
                driftShare != null ? driftShare : base.driftShare, minRows != null ? minRows : base.minRows, merged);
    }

    /** What is wrong with these settings, field by field ({@code inputs.src_bytes.method}); empty when they can be used. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        checkRule(problems, "numericMethod", "numericThreshold", numericMethod, numericThreshold, ColumnKind.NUMERIC);
        checkRule(problems, "categoricalMethod", "categoricalThreshold", categoricalMethod, categoricalThreshold, ColumnKind.CATEGORICAL);
        checkRule(problems, "predictionMethod", "predictionThreshold", predictionMethod, predictionThreshold, null);
        if (driftShare != null && !(driftShare > 0 && driftShare <= 1)) {
            problems.put("driftShare", "must be a share of the inputs greater than 0 and at most 1");
        }
        if (minRows != null && (minRows < 1 || minRows > MAX_MIN_ROWS)) {
            problems.put("minRows", "must be a whole number from 1 to " + MAX_MIN_ROWS);
        }
        if (inputs != null) {
            if (inputs.size() > MAX_INPUT_RULES) problems.put("inputs", "at most " + MAX_INPUT_RULES + " inputs may have their own rule");
            for (Map.Entry<String, InputRule> e : inputs.entrySet()) {
                String field = "inputs." + e.getKey();
                if (e.getKey().isBlank()) problems.put("inputs", "an input's name must not be blank");
                if (e.getValue() == null) {
                    problems.put(field, "must be an object with a method and an optional threshold");
                } else {
                    checkRule(problems, field + ".method", field + ".threshold", e.getValue().method(), e.getValue().threshold(), null);
                }
            }
        }
        return problems;
    }

    /** Refuses, for an input of {@code kind}, a rule whose method cannot judge it; {@code kind} null accepts any method. */
    public static void checkRule(Map<String, String> problems, String methodField, String thresholdField, String method, Double threshold,
                          ColumnKind kind) {
        if (method == null) {
            if (threshold != null) problems.put(thresholdField, "needs " + methodField + " too (a threshold belongs to a method)");
            return;
        }
        if (method.equalsIgnoreCase(AUTO)) {
            if (threshold != null) problems.put(thresholdField, "needs a named method, not auto (a p-value and a distance do not share a scale)");
            return;
        }
        DriftMethod m = DriftMethod.named(method);
        if (m == null) {
            problems.put(methodField, "must be auto or one of " + DriftMethod.names());
        } else if (kind != null && !m.appliesTo(kind)) {
            problems.put(methodField, m.wire() + " does not apply to " + kind.name().toLowerCase(java.util.Locale.ROOT) + " inputs");
        } else if (threshold != null && !m.acceptsThreshold(threshold)) {
            problems.put(thresholdField, m.isTest() ? "must be a p-value greater than 0 and less than 1"
                    : m == DriftMethod.JENSEN_SHANNON ? "must be a distance greater than 0 and at most 1" : "must be greater than 0 and at most 100");
        }
    }

    /** The method and threshold for {@code input} (the predictions' profile when {@code prediction}). */
    Rule ruleFor(InputProfile input, boolean prediction) {
        InputRule own = prediction || inputs == null ? null : inputs.get(input.name());
        if (own != null && own.method() != null) {
            Rule rule = rule(own.method(), own.threshold(), input.kind());
            if (rule != null) return rule;
        }
        if (prediction) return orAuto(rule(predictionMethod, predictionThreshold, input.kind()), input);
        return input.kind() == ColumnKind.NUMERIC
                ? orAuto(rule(numericMethod, numericThreshold, input.kind()), input)
                : orAuto(rule(categoricalMethod, categoricalThreshold, input.kind()), input);
    }

    /** A method judged with its threshold. */
    record Rule(DriftMethod method, double threshold) {
    }

    /** The rule {@code method} names for an input of {@code kind}: null when it is auto, unset or does not apply. */
    private static Rule rule(String method, Double threshold, ColumnKind kind) {
        DriftMethod m = method == null || method.equalsIgnoreCase(AUTO) ? null : DriftMethod.named(method);
        if (m == null || !m.appliesTo(kind)) return null;
        return new Rule(m, threshold != null ? threshold : m.defaultThreshold());
    }

    private static Rule orAuto(Rule rule, InputProfile input) {
        if (rule != null) return rule;
        DriftMethod m = DriftMethod.auto(input.kind(), input.count(),
                input.kind() == ColumnKind.NUMERIC ? input.numeric().distinct() : input.categorical().categories().size());
        return new Rule(m, m.defaultThreshold());
    }

    public double driftShareOrDefault() {
        return driftShare != null ? driftShare : DEFAULTS.driftShare;
    }

    public int minRowsOrDefault() {
        return minRows != null ? minRows : DEFAULTS.minRows;
    }
}
