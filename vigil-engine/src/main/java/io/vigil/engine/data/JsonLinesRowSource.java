package io.vigil.engine.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines through Jackson's streaming parser. The first object's keys (in order) are the
 * columns unless columns were given; a missing key is a null cell, an unknown key is an error,
 * nested objects/arrays become their JSON text. Objects are separated by whitespace, so blank
 * lines are skipped; {@link #line()} is the line an object starts on.
 */
final class JsonLinesRowSource implements RowSource {

    private final JsonParser parser;
    private final JsonFactory factory;
    private final int maxLineChars;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean header;
    private String[] firstRow;
    private long firstLine;
    private long line;

    JsonLinesRowSource(Reader reader, List<String> givenColumns, int maxLineChars) throws IOException {
        this.maxLineChars = maxLineChars;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxLineChars).build())
                .build();
        this.parser = factory.createParser(reader);
        this.header = givenColumns.isEmpty();
        if (header) {
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            if (!readFirstObject(keys, values)) {
                throw new DataFormatException("the file is empty", -1);
            }
            if (keys.isEmpty()) {
                throw new DataFormatException("line " + firstLine + ": the first JSON object has no keys", firstLine);
            }
            this.columns = List.copyOf(keys);
            this.firstRow = values.toArray(new String[0]);
        } else {
            this.columns = givenColumns;
        }
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
    }

    @Override
    public List<String> columnNames() {
        return columns;
    }

    @Override
    public Map<String, ColumnType> declaredTypes() {
        return Map.of();
    }

    @Override
    public boolean header() {
        return header;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String[] next() throws IOException {
        if (firstRow != null) {
            String[] row = firstRow;
            firstRow = null;
            line = firstLine;
            return row;
        }
        try {
            if (!startObject()) {
                return null;
            }
            String[] row = new String[columns.size()];
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Integer column = index.get(key);
                if (column == null) {
                    throw new DataFormatException("line " + line + " has the key '" + key + "', which "
                            + (header ? "the first object does not have" : "is not one of the given columns"), line);
                }
                parser.nextToken();
                row[column] = valueText();
            }
            expectObjectEnd(token);
            return row;
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    private boolean readFirstObject(List<String> keys, List<String> values) throws IOException {
        try {
            if (!startObject()) {
                return false;
            }
            firstLine = line;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                keys.add(parser.currentName());
                parser.nextToken();
                values.add(valueText());
            }
            expectObjectEnd(token);
            return true;
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    /** Moves to the next top-level object; false at the end of the data. */
    private boolean startObject() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return false;
        }
        line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
            throw new DataFormatException("line " + line + " is not a JSON object", line);
        }
        return true;
    }

    private void expectObjectEnd(JsonToken token) throws DataFormatException {
        if (token != JsonToken.END_OBJECT) {
            throw new DataFormatException("line " + line + ": the JSON object is not closed", line);
        }
    }

    /** The cell text of the current value token: scalars as written, nested values as JSON. */
    private String valueText() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new DataFormatException("line " + line + ": the JSON object is not closed", line);
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case START_OBJECT, START_ARRAY -> nestedText();
            default -> throw new DataFormatException("line " + line + ": unexpected JSON " + token, line);
        };
    }

    private String nestedText() throws IOException {
        BoundedWriter out = new BoundedWriter(maxLineChars, line);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    private DataFormatException invalidJson(JsonProcessingException e) {
        long at = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr() : line;
        return new DataFormatException("line " + at + " is not valid JSON: " + e.getOriginalMessage(), at, e);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** Collects nested JSON text, failing once it exceeds the line limit (bounded memory). */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int limit;
        private final long line;

        BoundedWriter(int limit, long line) {
            this.limit = limit;
            this.line = line;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            if (text.length() + length > limit) {
                throw new DataFormatException("line " + line + ": a nested JSON value is longer than the limit of "
                        + limit + " characters", line);
            }
            text.append(buffer, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
