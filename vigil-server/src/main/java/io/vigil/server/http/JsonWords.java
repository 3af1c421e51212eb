package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** JSON's words for kinds of value (string, number, integer, boolean, object, array), for messages to a caller. */
final class JsonWords {
    private JsonWords() {}

    /** What a value of {@code type} is in JSON's words. */
    static String kind(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == BigInteger.class || type == Byte.class || type == byte.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == UUID.class) {
            return "a UUID string (like 123e4567-e89b-12d3-a456-426614174000)";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString().toLowerCase(Locale.ROOT));
            }
            return "one of " + names;
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "another kind of value";
        };
    }

    /** The range of an integer type, as a message adds it (\" from -2147483648 to 2147483647\"). */
    static String rangeOf(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "";
    }

    /** The value a field got, with its kind: {@code "abc" (a string)}, {@code 1.5 (a number)}. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quoted(s) + " (a string)";
        }
        if (value instanceof Boolean b) {
            return b + " (a boolean)";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value + " (an integer)";
        }
        if (value instanceof Number n) {
            return (n instanceof BigDecimal d ? d.toString() : n.toString()) + " (a number)";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof Collection<?>) {
            return "an array";
        }
        return "another kind of value";
    }

    static String quoted(String s) {
        return "\"" + shortened(s) + "\"";
    }

    /** Text echoed in a message, cut short: a message quotes what was wrong, not a whole document. */
    static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
