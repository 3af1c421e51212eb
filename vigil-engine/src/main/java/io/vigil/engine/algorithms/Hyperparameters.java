package io.vigil.engine.algorithms;

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
     * @throws InvalidHyperparameterException for an unknown name, a wrong type or a value out of range
     */
    public static Hyperparameters validate(String algorithm, List<ParamSpec> specs, Map<String, ?> raw) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) byName.put(s.name(), s);
        for (String name : raw.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InvalidHyperparameterException("unknown hyperparameter '" + name + "' for " + algorithm
                        + " (known: " + String.join(", ", byName.keySet()) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            values.put(s.name(), raw.containsKey(s.name()) ? s.validate(algorithm, raw.get(s.name())) : s.defaultValue());
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
