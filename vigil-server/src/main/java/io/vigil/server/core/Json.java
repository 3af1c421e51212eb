package io.vigil.server.core;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper of the server: ISO-8601 times, unknown request fields rejected, and a value
 * only where its type says (no text for numbers, no numbers or booleans for text, no fractions for
 * integers, nothing after the document). The reader's limits are {@link RequestLimits}'s; what
 * Vigil stored itself is read back by {@link #read} and {@link #readTree}, without them.
 */
public final class Json {
    public static final ObjectMapper MAPPER = configured(StreamReadConstraints.builder()
            .maxNestingDepth(RequestLimits.JSON_DEPTH)
            .maxStringLength(RequestLimits.JSON_STRING_LENGTH)
            .maxNumberLength(RequestLimits.JSON_NUMBER_LENGTH)
            .maxNameLength(RequestLimits.JSON_NAME_LENGTH)
            .build());

    /**
     * Reads what Vigil stored itself. A request's limits do not apply: PostgreSQL writes a jsonb
     * number as all its digits (a threshold of 1e308 comes back as 309 of them), and a dataset's
     * profile may quote a long cell; a request limit here would make a stored row unreadable for good.
     */
    private static final ObjectMapper STORED = configured(StreamReadConstraints.builder()
            .maxNestingDepth(Integer.MAX_VALUE)
            .maxStringLength(Integer.MAX_VALUE)
            .maxNumberLength(Integer.MAX_VALUE)
            .maxNameLength(Integer.MAX_VALUE)
            .build());

    private static ObjectMapper configured(StreamReadConstraints limits) {
        return strict(JsonMapper.builder(new JsonFactoryBuilder().streamReadConstraints(limits).build())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Python's json module (and so requests' json=) writes NaN and Infinity as bare tokens:
                // a pandas row of flow features often has both; they read as missing, as in datasets.
                // A request field that is a number refuses them itself (FieldErrors.number).
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // predictions are mostly numbers in and out: the fast (still exact) double codecs matter
                .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build());
    }

    /**
     * No scalar becomes another kind: {@code "modelName": 1e309} or {@code true} is no name, {@code "5"}
     * or {@code ""} no number, {@code 1} no boolean, {@code 5} no UUID.
     */
    private static ObjectMapper strict(ObjectMapper mapper) {
        CoercionInputShape integer = CoercionInputShape.Integer;
        CoercionInputShape fraction = CoercionInputShape.Float;
        CoercionInputShape bool = CoercionInputShape.Boolean;
        CoercionInputShape text = CoercionInputShape.String;
        CoercionInputShape empty = CoercionInputShape.EmptyString;
        coerceNever(mapper, LogicalType.Textual, integer, fraction, bool);
        coerceNever(mapper, LogicalType.Integer, fraction, bool, text, empty);
        coerceNever(mapper, LogicalType.Float, bool, text, empty); // 1 is a fine double
        coerceNever(mapper, LogicalType.Boolean, integer, fraction, text, empty);
        coerceNever(mapper, LogicalType.OtherScalar, integer, fraction, bool, empty); // UUIDs
        return mapper;
    }

    private static void coerceNever(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        MutableCoercionConfig config = mapper.coercionConfigFor(target);
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }

    private Json() {}

    /** JSON text of a value we built ourselves (so a failure is a bug, not bad input). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** UTF-8 JSON of a value we built ourselves, written as bytes straight away (no String between). */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads JSON we stored ourselves (a column of our own schema). */
    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return STORED.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not match " + type.getType(), e);
        }
    }

    /** Reads JSON we stored ourselves as a tree. */
    public static JsonNode readTree(String json) {
        try {
            return STORED.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
