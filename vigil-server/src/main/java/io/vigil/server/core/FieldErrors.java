package io.vigil.server.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with a request's fields, collected so a caller learns about every bad field at
 * once, and about each field once: the first problem found with a field is the one kept (a blank
 * name is "required", not also "badly formed").
 *
 * <p>The checks let null pass (whether a field is required is the caller's call) and return
 * whether the value passed. Text is held to what PostgreSQL can store: it has no room for U+0000
 * in text or JSON at all, so no NUL ever reaches the driver.
 */
public final class FieldErrors {
    private final Map<String, String> byField = new LinkedHashMap<>();

    public void add(String field, String message) {
        byField.putIfAbsent(field, message);
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public List<FieldError> list() {
        List<FieldError> out = new ArrayList<>(byField.size());
        byField.forEach((field, message) -> out.add(new FieldError(field, message)));
        return out;
    }

    /** A 400 naming every bad field, if there is one. */
    public void throwIfAny() {
        if (!byField.isEmpty()) {
            throw VigilException.invalid(list());
        }
    }

    /** Present, and for text not blank; {@code message} says what the field is for. */
    public boolean required(String field, Object value, String message) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(field, message);
            return false;
        }
        return true;
    }

    /** A name or identifier: one line without control characters, at most {@code maxLength} characters. */
    public boolean name(String field, String value, int maxLength) {
        return checkText(field, value, maxLength, false);
    }

    /** Free text (a description): tabs and line breaks allowed, no other control character. */
    public boolean text(String field, String value, int maxLength) {
        return checkText(field, value, maxLength, true);
    }

    /** At most {@code maxItems} names, none of them null or blank; a bad one is reported as {@code field[i]}. */
    public boolean names(String field, List<String> values, int maxItems, int maxLength) {
        if (values == null) {
            return true;
        }
        if (!size(field, values, maxItems)) {
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < values.size(); i++) {
            String item = field + "[" + i + "]";
            ok &= required(item, values.get(i), "must be a non-blank string") && name(item, values.get(i), maxLength);
        }
        return ok;
    }

    /** A list or map of at most {@code maxItems} entries. */
    public boolean size(String field, Object listOrMap, int maxItems) {
        int size = listOrMap instanceof Collection<?> c ? c.size() : listOrMap instanceof Map<?, ?> m ? m.size() : 0;
        if (size > maxItems) {
            add(field, "must have at most " + maxItems + " entries; got " + size);
            return false;
        }
        return true;
    }

    /** A whole number from {@code min} to {@code max}. */
    public boolean integer(String field, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            add(field, "must be an integer from " + min + " to " + max + "; got " + value);
            return false;
        }
        return true;
    }

    /** A finite number from {@code min} to {@code max} (NaN and infinities are refused). */
    public boolean number(String field, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            add(field, "must be a number from " + min + " to " + max + "; got " + value);
            return false;
        }
        return true;
    }

    /**
     * A free-form JSON value (hyperparameters, a search space) whose names and text can be stored:
     * no U+0000 and no unpaired surrogate anywhere in it, at any depth. The message names where.
     */
    public boolean storable(String field, Object json) {
        String problem = unstorableIn(json, "");
        if (problem != null) {
            add(field, problem);
            return false;
        }
        return true;
    }

    private static String unstorableIn(Object json, String where) {
        if (json instanceof String s) {
            String problem = unstorable(s);
            return problem == null ? null : (where.isEmpty() ? "" : where + ": ") + problem;
        }
        if (json instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                String problem = unstorable(name);
                if (problem != null) {
                    return "a name" + (where.isEmpty() ? "" : " in " + where) + " " + problem;
                }
                problem = unstorableIn(e.getValue(), where.isEmpty() ? name : where + "." + name);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (json instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                String problem = unstorableIn(item, where + "[" + i++ + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private boolean checkText(String field, String value, int maxLength, boolean lineBreaks) {
        if (value == null) {
            return true;
        }
        if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters; got " + value.length());
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                add(field, "must not contain control characters" + (lineBreaks ? " other than tab and line breaks" : "")
                        + "; found " + codePoint(c) + " at character " + (i + 1));
                return false;
            }
        }
        String problem = unpairedSurrogate(value);
        if (problem != null) {
            add(field, problem);
            return false;
        }
        return true;
    }

    /** Why PostgreSQL could not store {@code s} faithfully, or null. */
    private static String unstorable(String s) {
        int nul = s.indexOf('\u0000');
        if (nul >= 0) {
            return "must not contain U+0000 (NUL), which cannot be stored; found at character " + (nul + 1);
        }
        return unpairedSurrogate(s);
    }

    private static String unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text; found the unpaired surrogate " + codePoint(c) + " at character " + (i + 1);
            }
        }
        return null;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
