package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.server.core.Json;
import java.io.IOException;
import java.io.StringWriter;

/**
 * A record's nested object or array, kept as its compact JSON text: what an uploaded JSON Lines
 * file put in that column for training (an array such as Zeek's {@code tunnel_parents: []}, or an
 * object in a dataset uploaded before objects were flattened), so a categorical input reads it the
 * same way. A numeric input refuses it. Other objects are expanded by {@link NestedFields}.
 */
public record NestedValue(String json, boolean object) {

    /** Reads the object or array at the parser's current token (its start). */
    static NestedValue read(JsonParser p) throws IOException {
        boolean object = p.currentToken() == JsonToken.START_OBJECT;
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(text)) {
            g.copyCurrentStructure(p);
        }
        return new NestedValue(text.toString(), object);
    }

    /** The JSON text: what the engine reads as the category, and what an explanation echoes. */
    @JsonValue
    @Override
    public String toString() {
        return json;
    }
}
