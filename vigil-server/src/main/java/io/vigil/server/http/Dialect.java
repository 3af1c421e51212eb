package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Another API's field names, spoken at the edge for the routes that serve its clients unchanged (the
 * {@code /api/v1} paths of the pipeline and infrastructure-monitoring services): a JSON request's
 * top-level fields are read under Vigil's names, and the answer, and the fields a problem names, are
 * written under theirs. The handlers behind are Vigil's own and never know.
 *
 * <p>Their names are snake_case ({@code dataset_id}), and a few are other words altogether
 * ({@code name} for {@code modelName}). Only names shaped like Vigil's own (camelCase) are renamed
 * in an answer, and never inside {@link #USER_KEYED} objects, whose keys are the user's (class
 * labels, column names).
 */
public final class Dialect {
    static final String ATTRIBUTE = Dialect.class.getName();
    /** Answer objects keyed by the user's names, which are theirs as they are. */
    private static final Set<String> USER_KEYED = Set.of("probabilities", "features", "hyperparameters", "labelMapping");
    private static final Pattern CAMEL = Pattern.compile("[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+");
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)+");

    private final Map<String, String> theirs; // Vigil's name -> theirs, where it is not only snake_case
    private final Map<String, String> paths; // a path prefix of Vigil's -> theirs, for the Location of what a request made

    private Dialect(Map<String, String> oursToTheirs, Map<String, String> paths) {
        this.theirs = Map.copyOf(oursToTheirs);
        this.paths = Map.copyOf(paths);
    }

    /** snake_case for Vigil's camelCase, and {@code oursToTheirs} where their word differs ({@code modelName} → {@code name}). */
    public static Dialect snakeCase(Map<String, String> oursToTheirs) {
        return new Dialect(oursToTheirs, Map.of());
    }

    /** This dialect, its clients sent to their own paths: a {@code Location} under {@code ours} is answered under {@code theirs}. */
    public Dialect withPath(String ours, String theirs) {
        Map<String, String> more = new java.util.HashMap<>(paths);
        more.put(ours, theirs);
        return new Dialect(this.theirs, more);
    }

    /** {@code handler}, answering in this dialect. */
    public Handler speaking(Handler handler) {
        return ctx -> {
            ctx.attribute(ATTRIBUTE, this);
            try {
                handler.handle(ctx);
            } catch (VigilException e) {
                throw new VigilException(e.kind(), e.detail(), e.errors().stream()
                        .map(f -> new FieldError(fieldPath(f.field()), f.message())).toList());
            }
            String location = ctx.res().getHeader("Location");
            if (location != null) ctx.header("Location", path(location));
            String contentType = ctx.res().getContentType();
            if (contentType != null && contentType.startsWith("application/json")) {
                String answer = ctx.result();
                if (answer != null && !answer.isEmpty()) ctx.result(answer(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        };
    }

    /** {@code path} under their prefix, where one is theirs. */
    String path(String path) {
        for (Map.Entry<String, String> p : paths.entrySet()) {
            if (path.startsWith(p.getKey())) return p.getValue() + path.substring(p.getKey().length());
        }
        return path;
    }

    /** The dialect the request came in, or null for Vigil's own. */
    static Dialect of(Context ctx) {
        return ctx.attribute(ATTRIBUTE) instanceof Dialect d ? d : null;
    }

    /** A JSON request body with its top-level fields under Vigil's names; anything not an object as it is. */
    byte[] request(byte[] body) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return body; // the reader will say what is wrong with it, in its words
        }
        if (!(tree instanceof ObjectNode object)) {
            return body;
        }
        ObjectNode ours = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = ours(field.getKey());
            if (ours.has(name)) {
                throw VigilException.invalid(field.getKey(), "is given twice, under two names");
            }
            ours.set(name, field.getValue());
        }
        return Json.bytes(ours);
    }

    /** A JSON answer under their names. */
    byte[] answer(byte[] json) {
        try {
            return Json.bytes(rename(Json.MAPPER.readTree(json)));
        } catch (java.io.IOException e) {
            return json; // not JSON after all: as it is
        }
    }

    private JsonNode rename(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(theirs(e.getKey()), USER_KEYED.contains(e.getKey()) ? e.getValue() : rename(e.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            array.forEach(element -> out.add(rename(element)));
            return out;
        }
        return node;
    }

    /** A problem's field path ({@code tuning.space}, {@code features[2]}) under their names. */
    String fieldPath(String path) {
        if (path == null) return null;
        List<String> parts = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            parts.add(bracket < 0 ? theirs(part) : theirs(part.substring(0, bracket)) + part.substring(bracket));
        }
        return String.join(".", parts);
    }

    private String theirs(String ours) {
        String named = theirs.get(ours);
        if (named != null) return named;
        return CAMEL.matcher(ours).matches() ? snake(ours) : ours;
    }

    private String ours(String theirName) {
        for (Map.Entry<String, String> e : theirs.entrySet()) {
            if (e.getValue().equals(theirName)) return e.getKey();
        }
        return SNAKE.matcher(theirName).matches() ? camel(theirName) : theirName;
    }

    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
