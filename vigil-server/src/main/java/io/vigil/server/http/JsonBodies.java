package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a JSON request body into its record, or says what is wrong in the caller's terms: the
 * field's path ({@code tuning.folds}, {@code tags[3]}) and JSON's words for kinds of value (string,
 * number, integer, boolean, object, array). No Java type or library name reaches a caller: the
 * reader's own messages are only ever read here, never passed on.
 */
public final class JsonBodies {
    private JsonBodies() {}

    /** {@code body} as a {@code type}: a JSON object, nothing before or after it. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw VigilException.badRequest("the request body is empty; a JSON object is expected");
        }
        T value;
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            try {
                value = Json.MAPPER.readValue(parser, type);
            } catch (JsonProcessingException e) {
                throw problem(e, body); // while the parser still stands where it failed
            }
        } catch (CharConversionException e) {
            throw VigilException.badRequest("the body is not valid JSON: it is not UTF-8 text");
        } catch (IOException e) { // a byte array has no other failure than those above
            throw VigilException.badRequest("the body cannot be read as JSON");
        }
        if (value == null || value instanceof com.fasterxml.jackson.databind.JsonNode node && node.isNull()) {
            // a handler reading the tree (a list or an object) gets JSON's null as a node, not as null
            throw VigilException.badRequest("the body must be a JSON object; got null");
        }
        return value;
    }

    /** The problem a failure to read {@code body} is, for the caller. */
    static VigilException problem(JsonProcessingException e, byte[] body) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VigilException api) {
                return api; // a reader of ours said it in its own words
            }
        }
        if (e instanceof InvalidDefinitionException) {
            // a request record cannot take a field given twice (a map, as a prediction's features, keeps the last)
            VigilException duplicate = duplicateMember(body);
            if (duplicate != null) {
                return duplicate;
            }
            throw new IllegalStateException("a request type cannot be read from JSON", e); // our bug, whatever was sent
        }
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        JsonProcessingException read = innermost(e);
        if (read != null) {
            if (read instanceof InputCoercionException coercion && !path(coercion, path).isEmpty()) {
                return VigilException.invalid(path(coercion, path), "must be " + JsonWords.kind(coercion.getTargetType())
                        + JsonWords.rangeOf(coercion.getTargetType()) + "; got " + numberText(coercion));
            }
            return JsonSyntaxProblems.of(read);
        }
        if (path.isEmpty()) {
            return root(e, body);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds();
            return VigilException.invalid(path, "unknown field; known fields are "
                    + new TreeSet<>(known.stream().map(String::valueOf).toList()));
        }
        if (e instanceof InvalidFormatException f) {
            String got = current(f);
            return VigilException.invalid(path, "must be " + JsonWords.kind(f.getTargetType()) + "; got "
                    + (got != null ? got : JsonWords.describe(f.getValue())));
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getTargetType() == null) {
                return VigilException.invalid(path, m.getOriginalMessage()); // a reader of ours: its own words
            }
            String got = current(m);
            return VigilException.invalid(path, "must be " + JsonWords.kind(m.getTargetType()) + "; got "
                    + (got != null ? got : "another kind of value"));
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException invalid) {
            return VigilException.invalid(path, invalid.getMessage()); // a record's own check, in its own words
        }
        return VigilException.invalid(path, "has a value that cannot be read");
    }

    /** The problem of a member given twice in one object of {@code body}, or null if there is none. */
    private static VigilException duplicateMember(byte[] body) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            while (p.nextToken() != null) {
                // every member name is checked against the others of its object as it is read
            }
            return null;
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field") ? JsonSyntaxProblems.of(e) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A failure at the top: the body is no object, or more follows it. */
    private static VigilException root(JsonProcessingException e, byte[] body) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return VigilException.badRequest("the body must be a JSON object; got " + JsonWords.kind(first));
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return VigilException.badRequest("the body goes on after its JSON object ends"
                        + JsonSyntaxProblems.at(p.currentTokenLocation()) + "; send one JSON object");
            }
        } catch (JsonProcessingException again) {
            return JsonSyntaxProblems.of(again);
        } catch (IOException again) {
            return VigilException.badRequest("the body cannot be read as JSON");
        }
        return VigilException.badRequest("the body is not the JSON object this request takes"
                + JsonSyntaxProblems.at(e.getLocation()));
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

    /** The value the reader stood on when it failed, with its kind; null when it stood on nothing. */
    private static String current(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser p) || p.currentToken() == null) {
            return null;
        }
        JsonToken token = p.currentToken();
        if (!token.isScalarValue() || token == JsonToken.VALUE_NULL) {
            return JsonWords.kind(token);
        }
        try {
            String text = p.getText();
            return (token == JsonToken.VALUE_STRING ? JsonWords.quoted(text) : JsonWords.shortened(text)) + " (" + JsonWords.kind(token) + ")";
        } catch (IOException unreadable) {
            return JsonWords.kind(token);
        }
    }

    private static String numberText(InputCoercionException e) {
        try {
            String text = e.getProcessor().getText();
            return text == null ? "a number out of range" : JsonWords.shortened(text);
        } catch (IOException ignored) {
            return "a number out of range";
        }
    }
}
