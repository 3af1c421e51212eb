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
     * Validates {@code raw} against the declared parameters of {@code algorithm}.
     *
     * @throws InvalidHyperparameterException naming every unknown name, wrong type and value out of
     *         range at once, so a caller fixes them in one go
     */
    public static Hyperparameters validate(String algorithm, List<ParamSpec> specs, Map<String, ?> raw) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) byName.put(s.name(), s);
        List<String> problems = new ArrayList<>();
        for (String name : raw.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add("unknown hyperparameter '" + name + "' for " + algorithm
                        + " (known: " + String.join(", ", byName.keySet()) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            try {
                values.put(s.name(), raw.containsKey(s.name()) ? s.validate(algorithm, raw.get(s.name())) : s.defaultValue());
            } catch (InvalidHyperparameterException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidHyperparameterException(problems);
        }
        return new Hyperparameters(values);
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
