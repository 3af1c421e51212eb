package io.vigil.engine.algorithms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Validated hyperparameters: every declared one, with defaults filled in, in declaration order. */
public final class Hyperparameters {
    private final Map<String, Object> values;

    private Hyperparameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates {@code raw} against the declared parameters of {@code algorithm}; a parameter may be
     * given by one of its {@link ParamSpec#aliases() aliases}.
     *
     * @throws InvalidHyperparameterException naming every unknown name, wrong type and value out of
     *         range at once, so a caller fixes them in one go
     */
    public static Hyperparameters validate(String algorithm, List<ParamSpec> specs, Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> named = canonical(algorithm, specs, raw, problems);
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) byName.put(s.name(), s);
        for (String name : named.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add("unknown hyperparameter '" + name + "' for " + algorithm + " (known: " + known(specs) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            try {
                values.put(s.name(), named.containsKey(s.name()) ? s.validate(algorithm, named.get(s.name())) : s.defaultValue());
            } catch (InvalidHyperparameterException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidHyperparameterException(problems);
        }
        return new Hyperparameters(values);
    }

    /**
     * {@code raw} with every alias replaced by its parameter's own name, in the same order, values
     * untouched (unknown names are kept, for {@link #validate} to name); what a service stores, so a
     * model defined with XGBoost's names reads like any other.
     *
     * @throws InvalidHyperparameterException when a parameter is given twice under two of its names
     */
    public static Map<String, Object> canonical(String algorithm, List<ParamSpec> specs, Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> named = canonical(algorithm, specs, raw, problems);
        if (!problems.isEmpty()) {
            throw new InvalidHyperparameterException(problems);
        }
        return named;
    }

    private static Map<String, Object> canonical(String algorithm, List<ParamSpec> specs, Map<String, ?> raw, List<String> problems) {
        Map<String, String> own = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            for (String alias : s.aliases()) own.put(alias, s.name());
        }
        Map<String, Object> named = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String name = own.getOrDefault(e.getKey(), e.getKey());
            String before = givenAs.putIfAbsent(name, e.getKey());
            if (before != null) {
                problems.add("hyperparameter '" + name + "' of " + algorithm + " is given twice, as '" + before + "' and as '"
                        + e.getKey() + "': give one");
                continue;
            }
            named.put(name, e.getValue());
        }
        return named;
    }

    /** The parameters' names, each with its aliases: {@code rounds (n_estimators), max_depth}. */
    private static String known(List<ParamSpec> specs) {
        return specs.stream().map(s -> s.aliases().isEmpty() ? s.name() : s.name() + " (" + String.join(", ", s.aliases()) + ")")
                .collect(Collectors.joining(", "));
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        return (String) require(name);
    }

    /** All values (declaration order), e.g. for the bundle manifest. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        if (!values.containsKey(name)) throw new IllegalArgumentException("no hyperparameter '" + name + "'");
        return values.get(name);
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }
}
