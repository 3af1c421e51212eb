package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.CharConversionException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON request body into its record, or says what is wrong in the caller's terms: the
 * field's path ({@code tuning.folds}, {@code tags[3]}) and JSON's words for kinds of value (string,
 * number, integer, boolean, object, array). No Java type or library name reaches a caller: the
 * reader's own messages are only ever read here, never passed on.
 */
public final class JsonBodies {
    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("Unexpected character \\('.*?' \\(code (\\d+)");
    private static final Pattern CLOSE_MARKER = Pattern.compile("Unexpected close marker '(.)'");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']*)'");

    private JsonBodies() {}

    /** {@code body} as a {@code type}: a JSON object, nothing before or after it. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty; a JSON object is expected");
        }
        T value;
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            try {
                value = Json.MAPPER.readValue(parser, type);
            } catch (JsonProcessingException e) {
                throw problem(e, body); // while the parser still stands where it failed
            }
        } catch (CharConversionException e) {
            throw ApiException.badRequest("the body is not valid JSON: it is not UTF-8 text");
        } catch (IOException e) { // a byte array has no other failure than those above
            throw ApiException.badRequest("the body cannot be read as JSON");
        }
        if (value == null) {
            throw ApiException.badRequest("the body must be a JSON object; got null");
        }
        return value;
    }

    /** The problem a failure to read {@code body} is, for the caller. */
    static ApiException problem(JsonProcessingException e, byte[] body) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api; // a reader of ours said it in its own words
            }
        }
        if (e instanceof InvalidDefinitionException) {
            throw new IllegalStateException("a request type cannot be read from JSON", e); // our bug, whatever was sent
        }
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        JsonProcessingException read = innermost(e);
        if (read != null) {
            if (read instanceof InputCoercionException coercion && !path(coercion, path).isEmpty()) {
                return ApiException.invalid(path(coercion, path), "must be " + kind(coercion.getTargetType())
                        + rangeOf(coercion.getTargetType()) + "; got " + numberText(coercion));
            }
            return syntax(read);
        }
        if (path.isEmpty()) {
            return root(e, body);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds();
            return ApiException.invalid(path, "unknown field; known fields are " + new TreeSet<>(known.stream().map(String::valueOf).toList()));
        }
        if (e instanceof InvalidFormatException f) {
            String got = current(f);
            return ApiException.invalid(path, "must be " + kind(f.getTargetType()) + "; got " + (got != null ? got : describe(f.getValue())));
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getTargetType() == null) {
                return ApiException.invalid(path, m.getOriginalMessage()); // a reader of ours: its own words
            }
            String got = current(m);
            return ApiException.invalid(path, "must be " + kind(m.getTargetType()) + "; got " + (got != null ? got : "another kind of value"));
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException invalid) {
            return ApiException.invalid(path, invalid.getMessage()); // a record's own check, in its own words
        }
        return ApiException.invalid(path, "has a value that cannot be read");
    }

    /** A failure at the top: the body is no object, or more follows it. */
    private static ApiException root(JsonProcessingException e, byte[] body) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return ApiException.badRequest("the body must be a JSON object; got " + kind(first));
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return ApiException.badRequest("the body goes on after its JSON object ends" + at(p.currentTokenLocation())
                        + "; send one JSON object");
            }
        } catch (JsonProcessingException again) {
            return syntax(again);
        } catch (IOException again) {
            return ApiException.badRequest("the body cannot be read as JSON");
        }
        return ApiException.badRequest("the body is not the JSON object this request takes" + at(e.getLocation()));
    }

    /** The body is not well-formed JSON, or breaks a limit of the reader. */
    private static ApiException syntax(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return limit(message);
        }
        String reason;
        Matcher character = UNEXPECTED_CHARACTER.matcher(message);
        Matcher token = UNRECOGNIZED_TOKEN.matcher(message);
        Matcher close = CLOSE_MARKER.matcher(message);
        if (message.contains("UTF-8") || message.contains("UTF-16") || message.contains("UTF-32")) {
            reason = "it is not UTF-8 text";
        } else if (e instanceof JsonEOFException || message.contains("end-of-input")) {
            reason = "it ends before its last object, array or string is closed";
        } else if (message.contains("comment")) {
            reason = "it has a comment, which JSON does not allow";
        } else if (message.contains("Illegal unquoted character")) {
            reason = "a control character inside a string must be escaped (\\n, \\t, \\u0000 ...)";
        } else if (message.contains("character escape")) {
            reason = "a string has an escape sequence JSON does not know";
        } else if (message.contains("numeric value") || message.contains("Leading zeroes") || message.contains("number")) {
            reason = "a number is not written as JSON writes numbers";
        } else if (close.find()) {
            reason = "'" + close.group(1) + "' closes no object or array open there";
        } else if (character.find()) {
            int code = Integer.parseInt(character.group(1));
            reason = "unexpected character " + (code == '\'' ? "' (strings and names take double quotes)" : show(code));
        } else if (token.find()) {
            reason = "unexpected word '" + shortened(token.group(1)) + "' (text takes double quotes; other values are numbers, true,"
                    + " false, null, objects and arrays)";
        } else {
            reason = "it is not well-formed";
        }
        return ApiException.badRequest("the body is not valid JSON: " + reason + at(e.getLocation()));
    }

    /** A limit of {@link RequestLimits} that the body broke. */
    private static ApiException limit(String message) {
        if (message.startsWith("Document nesting depth")) {
            return ApiException.badRequest("the body nests objects and arrays more than " + RequestLimits.JSON_DEPTH + " deep");
        }
        if (message.startsWith("String value length")) {
            return ApiException.tooLarge("a string in the body is longer than " + RequestLimits.JSON_STRING_LENGTH + " characters");
        }
        if (message.startsWith("Number value length") || message.contains("scale")) {
            return ApiException.badRequest("a number in the body is longer than " + RequestLimits.JSON_NUMBER_LENGTH + " characters");
        }
        if (message.startsWith("Name length")) {
            return ApiException.badRequest("a member name in the body is longer than " + RequestLimits.JSON_NAME_LENGTH + " characters");
        }
        return ApiException.tooLarge("the body is too large to read as JSON");
    }

    /** The reader's own failure under the mapper's wrapping: bad syntax, a broken limit, a number out of range. */
    private static JsonProcessingException innermost(Throwable e) {
        JsonProcessingException found = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException || t instanceof StreamConstraintsException) {
                found = (JsonProcessingException) t;
            }
        }
        return found;
    }

    /** The field a number out of range was for: the path the mapper gave, else the parser's place. */
    private static String path(InputCoercionException e, String mapped) {
        if (!mapped.isEmpty()) {
            return mapped;
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = e.getProcessor().getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        Collections.reverse(parts);
        return join(parts);
    }

    private static String path(List<JsonMappingException.Reference> references) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : references) {
            parts.add(r.getFieldName() != null ? r.getFieldName() : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "?");
        }
        return join(parts);
    }

    private static String join(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            if (!out.isEmpty() && !part.startsWith("[")) {
                out.append('.');
            }
            out.append(part);
        }
        return out.toString();
    }

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
                names.add(constant.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return "one of " + names;
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String kind(JsonToken token) {
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

    private static String rangeOf(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "";
    }

    /** The value a field got, with its kind: {@code "abc" (a string)}, {@code 1.5 (a number)}. */
    private static String describe(Object value) {
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

    /** The value the reader stood on when it failed, with its kind; null when it stood on nothing. */
    private static String current(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser p) || p.currentToken() == null) {
            return null;
        }
        JsonToken token = p.currentToken();
        if (!token.isScalarValue() || token == JsonToken.VALUE_NULL) {
            return kind(token);
        }
        try {
            String text = p.getText();
            return (token == JsonToken.VALUE_STRING ? quoted(text) : shortened(text)) + " (" + kind(token) + ")";
        } catch (IOException unreadable) {
            return kind(token);
        }
    }

    private static String numberText(InputCoercionException e) {
        try {
            String text = e.getProcessor().getText();
            return text == null ? "a number out of range" : shortened(text);
        } catch (IOException ignored) {
            return "a number out of range";
        }
    }

    private static String quoted(String s) {
        return "\"" + shortened(s) + "\"";
    }

    /** Text echoed in a message, cut short: a message quotes what was wrong, not a whole document. */
    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String show(int code) {
        return Character.isISOControl(code) || Character.isWhitespace(code) ? String.format("U+%04X", code)
                : "'" + new String(Character.toChars(code)) + "'";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
