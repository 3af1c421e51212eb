package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one record's {@code features} into what Jackson's general reader makes of them (whole
 * numbers as {@code Integer} or {@code Long}, others as {@code Double}, text, booleans and null
 * as they are), except nested objects and arrays, which become their JSON text
 * ({@link NestedValue}). Jackson's general map reader took 10 us of a single prediction's CPU,
 * more than scoring it; this one fills a map sized for a wide record and dispatches on the token
 * alone.
 */
public final class FeaturesReader extends JsonDeserializer<Map<String, Object>> {
    @Override
    public Map<String, Object> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return (Map<String, Object>) ctxt.handleUnexpectedToken(Map.class, p);
        }
        Map<String, Object> record = new LinkedHashMap<>(128);
        String name;
        while ((name = p.nextFieldName()) != null) {
            record.put(name, value(p, p.nextToken()));
        }
        return record;
    }

    /** The value at the parser's current token {@code t}. */
    static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT -> p.getNumberValue(); // Integer, Long or BigInteger: an explanation echoes it as sent
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> NestedValue.read(p); // an object or a list, as its JSON text
        };
    }
}
