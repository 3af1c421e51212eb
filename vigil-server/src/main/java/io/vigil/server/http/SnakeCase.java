package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.vigil.server.core.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Answers in snake_case field names ({@code assetId} → {@code asset_id}) for the routes that serve
 * clients written against another API's names (the {@code /api/v1} paths): the same answer object,
 * renamed at the edge. Only names with an upper-case letter change, so keys a user chose in
 * snake_case (metric names) are kept.
 */
public final class SnakeCase {
    private SnakeCase() {}

    /** Whether the request came by a {@code /api/v1} path. */
    public static boolean wanted(Context ctx) {
        return ctx.path().startsWith("/api/v1/");
    }

    /** Writes {@code answer} as JSON, in snake_case when the request came by a {@code /api/v1} path. */
    public static void json(Context ctx, Object answer) {
        if (!wanted(ctx)) {
            ctx.json(answer);
            return;
        }
        JsonNode tree = Json.MAPPER.valueToTree(answer);
        ctx.contentType("application/json").result(Json.write(rename(tree)));
    }

    static JsonNode rename(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> e : fields) {
                out.set(snake(e.getKey()), rename(e.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                out.add(rename(it.next()));
            }
            return out;
        }
        return node;
    }

    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) out.append('_');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
