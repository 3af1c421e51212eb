package io.vigil.engine.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A line of a JSON event log: Suricata's EVE ({@code eve.json}: {@code timestamp}, {@code event_type},
 * {@code src_ip}, and per type a nested object such as {@code flow}, {@code alert}, {@code dns},
 * {@code http}, {@code tls}) or Cowrie's ({@code cowrie.json}: {@code eventid}, {@code session},
 * {@code src_ip}, {@code username}, {@code input}...). Nested objects become dotted fields
 * ({@code flow.bytes_toserver}, {@code alert.signature}); arrays stay JSON text; {@code null} is a
 * missing cell; JSON numbers, booleans and strings are typed as such (see {@link LogLineRowSource});
 * {@code timestamp} is a TIMESTAMP.
 */
final class EventJsonParser implements LogLineParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final String eventTypeField;

    private EventJsonParser(String eventTypeField) {
        this.eventTypeField = eventTypeField;
    }

    static EventJsonParser eve() {
        return new EventJsonParser("event_type");
    }

    static EventJsonParser cowrie() {
        return new EventJsonParser("eventid");
    }

    @Override
    public void parse(String line, long lineNumber, FieldSink sink) throws DataFormatException {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DataFormatException("line " + lineNumber + " is not a JSON object", lineNumber);
            }
            fields(parser, null, sink);
            if (parser.nextToken() != null) {
                throw new DataFormatException("line " + lineNumber + " has more after its JSON object (one event per line)",
                        lineNumber);
            }
        } catch (JsonProcessingException e) {
            throw new DataFormatException("line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage(), lineNumber, e);
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    private static void fields(JsonParser parser, String prefix, FieldSink sink) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix == null ? parser.currentName() : prefix + "." + parser.currentName();
            JsonToken token = parser.nextToken();
            switch (token) {
                case START_OBJECT -> fields(parser, key, sink);
                case START_ARRAY -> sink.field(key, arrayText(parser), null);
                case VALUE_NULL -> sink.field(key, null, null);
                case VALUE_NUMBER_INT -> sink.field(key, parser.getText(), ColumnType.INTEGER);
                case VALUE_NUMBER_FLOAT -> sink.field(key, parser.getText(), ColumnType.NUMERIC);
                case VALUE_TRUE, VALUE_FALSE -> sink.field(key, parser.getText(), ColumnType.BOOLEAN);
                default -> sink.field(key, parser.getText(), ColumnType.TEXT);
            }
        }
    }

    private static String arrayText(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    @Override
    public Map<String, ColumnType> fixedTypes() {
        return Map.of("timestamp", ColumnType.TIMESTAMP);
    }

    @Override
    public String eventTypeField() {
        return eventTypeField;
    }
}
