package io.vigil.server.config;

import java.util.List;
import java.util.function.Function;

/**
 * One configuration setting: its key in {@code vigil.yaml}, its environment variable, its
 * default and how a text value becomes a valid one.
 */
record Setting<T>(String key, String env, String defaultValue, String expectation, Function<String, T> parse) {

    T parse(String raw, String source) {
        try {
            T value = parse.apply(raw.trim());
            if (value == null) {
                throw new IllegalArgumentException();
            }
            return value;
        } catch (RuntimeException e) {
            // a secret's value is never repeated: the message may reach a log
            String shown = secret() ? "its value" : "'" + raw + "'";
            throw new ConfigException("setting '" + key + "' (" + env + ") from " + source + ": " + shown
                    + " is not valid; expected " + expectation);
        }
    }

    /** A password or key: its value never appears in a message. */
    boolean secret() {
        return expectation.startsWith(SECRET);
    }

    private static final String SECRET = "(secret) ";

    /** A secret of {@code minLength} characters or more (up to 1024), or empty for none; never shown in messages. */
    static Setting<String> secret(String key, String env, int minLength, String expectation) {
        return new Setting<>(key, env, "", SECRET + expectation,
                s -> s.isEmpty() || s.length() >= minLength && s.length() <= 1024 ? s : null);
    }

    static Setting<String> text(String key, String env, String defaultValue) {
        return new Setting<>(key, env, defaultValue, "a text", s -> s);
    }

    static Setting<Integer> integer(String key, String env, int defaultValue, int min, int max) {
        return new Setting<>(key, env, Integer.toString(defaultValue), "a whole number from " + min + " to " + max, s -> {
            int v = Integer.parseInt(s);
            return v < min || v > max ? null : v;
        });
    }

    /** A whole number, or empty text for none. */
    static Setting<java.util.Optional<Integer>> optionalInteger(String key, String env, int min, int max) {
        return new Setting<>(key, env, "", "empty, or a whole number from " + min + " to " + max, s -> {
            if (s.isEmpty()) {
                return java.util.Optional.empty();
            }
            int v = Integer.parseInt(s);
            return v < min || v > max ? null : java.util.Optional.of(v);
        });
    }

    static Setting<Boolean> bool(String key, String env, boolean defaultValue) {
        return new Setting<>(key, env, Boolean.toString(defaultValue), "true or false",
                s -> s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null);
    }

    static Setting<Double> fraction(String key, String env, double defaultValue) {
        return new Setting<>(key, env, Double.toString(defaultValue), "a number from 0 to 1", s -> {
            double v = Double.parseDouble(s);
            return v >= 0 && v <= 1 ? v : null;
        });
    }

    /**
     * A comma-separated list (empty: none), each item trimmed and checked by {@code item}, which
     * returns it in its canonical form or {@code null} when it is not valid.
     */
    static Setting<List<String>> list(String key, String env, String expectation, Function<String, String> item) {
        return new Setting<>(key, env, "", "a comma-separated list of " + expectation, s -> {
            if (s.isEmpty()) {
                return List.of();
            }
            List<String> items = new java.util.ArrayList<>();
            for (String raw : s.split(",", -1)) {
                String valid = item.apply(raw.trim());
                if (valid == null) {
                    return null;
                }
                items.add(valid);
            }
            return List.copyOf(items);
        });
    }

    static Setting<String> oneOf(String key, String env, String defaultValue, List<String> allowed) {
        return new Setting<>(key, env, defaultValue, "one of " + allowed,
                s -> allowed.contains(s.toLowerCase(java.util.Locale.ROOT)) ? s.toLowerCase(java.util.Locale.ROOT) : null);
    }
}
