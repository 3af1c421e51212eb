package io.vigil.engine.algorithms;

import java.util.List;

/**
 * Declares one hyperparameter: its type, default, and valid range or values.
 *
 * @param min           smallest valid value (numbers), null for none
 * @param max           largest valid value (numbers), null for none
 * @param minExclusive  whether {@code min} itself is invalid
 * @param allowed       valid values (strings), empty for any
 * @param aliases       other names it is given by the libraries users come from (XGBoost's and
 *                      scikit-learn's {@code n_estimators} for {@code rounds}), accepted in its place
 *                      and read as its own name; empty for none
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, Double min, boolean minExclusive, Double max,
                        List<String> allowed, String description, List<String> aliases) {

    public ParamSpec {
        allowed = List.copyOf(allowed);
        aliases = List.copyOf(aliases);
    }

    public ParamSpec(String name, ParamType type, Object defaultValue, Double min, boolean minExclusive, Double max,
                     List<String> allowed, String description) {
        this(name, type, defaultValue, min, minExclusive, max, allowed, description, List.of());
    }

    /** The same parameter, also accepted as {@code names} (the same meaning and unit, only another library's name). */
    public ParamSpec alsoCalled(String... names) {
        return new ParamSpec(name, type, defaultValue, min, minExclusive, max, allowed, description, List.of(names));
    }

    public static ParamSpec integer(String name, int defaultValue, int min, int max, String description) {
        return new ParamSpec(name, ParamType.INTEGER, defaultValue, (double) min, false, (double) max, List.of(), description);
    }

    public static ParamSpec real(String name, double defaultValue, double min, boolean minExclusive, double max, String description) {
        return new ParamSpec(name, ParamType.DOUBLE, defaultValue, min, minExclusive, max, List.of(), description);
    }

    public static ParamSpec choice(String name, String defaultValue, List<String> allowed, String description) {
        return new ParamSpec(name, ParamType.STRING, defaultValue, null, false, null, allowed, description);
    }

    public static ParamSpec bool(String name, boolean defaultValue, String description) {
        return new ParamSpec(name, ParamType.BOOLEAN, defaultValue, null, false, null, List.of(), description);
    }

    /** Checks and converts one raw value (from JSON or code), or throws with a message naming the problem. */
    Object validate(String algorithm, Object raw) {
        String where = "hyperparameter '" + name + "' of " + algorithm;
        Object value = switch (type) {
            case INTEGER -> toInteger(where, raw);
            case DOUBLE -> toDouble(where, raw);
            case BOOLEAN -> toBoolean(where, raw);
            case STRING -> {
                if (!(raw instanceof String s)) throw new InvalidHyperparameterException(where + " must be a string, got " + describe(raw));
                yield s;
            }
        };
        if (value instanceof Number n) {
            double v = n.doubleValue();
            boolean belowMin = min != null && (minExclusive ? v <= min : v < min);
            boolean aboveMax = max != null && v > max;
            if (belowMin || aboveMax || Double.isNaN(v)) {
                throw new InvalidHyperparameterException(where + " must be in " + range() + ", got " + raw);
            }
        }
        if (!allowed.isEmpty() && !allowed.contains(value)) {
            throw new InvalidHyperparameterException(where + " must be one of " + allowed + ", got " + quoted(String.valueOf(value)));
        }
        return value;
    }

    /**
     * The valid numbers as an interval, {@code [1, 10000]} or {@code (0, 1]} (an excluded minimum),
     * {@code any} for an open end; null for a parameter that is not a number.
     */
    public String range() {
        if (min == null && max == null) return null;
        return (minExclusive ? "(" : "[") + format(min) + ", " + format(max) + "]";
    }

    private static Integer toInteger(String where, Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            long v = ((Number) raw).longValue();
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return (int) v;
        }
        if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) return (int) d;
        }
        throw new InvalidHyperparameterException(where + " must be an integer, got " + describe(raw));
    }

    private static Double toDouble(String where, Object raw) {
        if (raw instanceof Number n) return n.doubleValue();
        throw new InvalidHyperparameterException(where + " must be a number, got " + describe(raw));
    }

    private static Boolean toBoolean(String where, Object raw) {
        if (raw instanceof Boolean b) return b;
        throw new InvalidHyperparameterException(where + " must be true or false, got " + describe(raw));
    }

    /** The value as the caller wrote it, with its kind in JSON's words (hyperparameters mostly arrive as JSON). */
    private static String describe(Object raw) {
        if (raw == null) return "null";
        String kind = raw instanceof String ? "a string"
                : raw instanceof Boolean ? "a boolean"
                : raw instanceof Number ? "a number"
                : raw instanceof java.util.Map ? "an object"
                : raw instanceof java.util.Collection || raw.getClass().isArray() ? "an array" : "a value of another kind";
        String text = raw instanceof String s ? quoted(s) : raw instanceof Number || raw instanceof Boolean ? raw.toString() : null;
        return text == null ? kind : text + " (" + kind + ")";
    }

    /** Text echoed in a message, cut short: a message quotes what was wrong, not a whole document. */
    private static String quoted(String s) {
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }

    private static String format(Double d) {
        if (d == null) return "any";
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
    }
}
