package io.vigil.cli.commands;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed hyperparameters from {@code --param k=v}: numbers become JSON numbers, true/false
 * booleans, anything else stays text ({@code --param loss=logloss}).
 */
final class ParamValues {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private ParamValues() {}

    static Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> typed = new LinkedHashMap<>();
        if (raw != null) raw.forEach((key, value) -> typed.put(key, value(value)));
        return typed;
    }

    static Object value(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (value.equalsIgnoreCase("false")) return Boolean.FALSE;
        if (INTEGER.matcher(value).matches()) {
            BigInteger number = new BigInteger(value);
            return number.bitLength() < 64 ? (Object) number.longValueExact() : number;
        }
        if (DECIMAL.matcher(value).matches()) return Double.valueOf(value);
        return text;
    }
}
