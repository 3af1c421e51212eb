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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines through Jackson's streaming parser. Unless columns were given, the columns are the
 * keys of the first {@value #LOOKAHEAD_OBJECTS} objects (or of as many as fit in
 * {@value #LOOKAHEAD_CHARS} characters), in the order they first appear: logs such as Zeek's or
 * Suricata's leave out the fields a line does not have, so the first line rarely has them all.
 * Those objects are held while they are read. A missing key is a null cell; a key first seen
 * after them, or one outside the given columns, is an error. A nested object's fields are columns
 * named by their dotted path ({@code flow.bytes}) when flattening, and the object is one column of
 * JSON text otherwise; arrays are always JSON text. Objects are separated by whitespace, so blank
 * lines are skipped; {@link #line()} is the line an object starts on.
 */
final class JsonLinesRowSource implements RowSource {

    private final JsonParser parser;
    private final JsonFactory factory;
    private final int maxLineChars;
    private final boolean flatten;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    static final int LOOKAHEAD_OBJECTS = 10_000;
    static final int LOOKAHEAD_CHARS = 4 << 20;

    private final boolean header;
    private final ArrayDeque<String[]> heldRows = new ArrayDeque<>();
    private final ArrayDeque<Long> heldLines = new ArrayDeque<>();
    private long line;

    JsonLinesRowSource(Reader reader, List<String> givenColumns, int maxLineChars, boolean flatten) throws IOException {
        this.maxLineChars = maxLineChars;
        this.flatten = flatten;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // NaN and Infinity as Python's json module writes them: missing cells, as in CSV
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxLineChars).build())
                .build();
        this.parser = factory.createParser(reader);
        this.header = givenColumns.isEmpty();
        if (header) {
            List<String> keys = new ArrayList<>();
            readAhead(keys);
            if (heldRows.isEmpty()) {
                throw new DataFormatException("the file is empty", -1);
            }
            if (keys.isEmpty()) {
                long first = heldLines.peekFirst();
                throw new DataFormatException("line " + first + ": the JSON objects have no keys", first);
            }
            this.columns = List.copyOf(keys);
        } else {
            this.columns = givenColumns;
            for (int i = 0; i < columns.size(); i++) {
                index.put(columns.get(i), i);
            }
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
        if (!heldRows.isEmpty()) {
            line = heldLines.removeFirst();
            return Arrays.copyOf(heldRows.removeFirst(), columns.size()); // keys seen later are null here
        }
        try {
            if (!startObject()) {
                return null;
            }
            String[] row = new String[columns.size()];
            BitSet seen = new BitSet();
            readFields(null, (key, value) -> {
                Integer column = index.get(key);
                if (column == null) {
                    throw new DataFormatException("line " + line + " has the key '" + key + "', which "
                            + (header ? "none of the objects before it has (the columns are the keys of the first "
                                    + LOOKAHEAD_OBJECTS + " objects): give the columns to read"
                                    : "is not one of the given columns"), line);
                }
                if (seen.get(column)) {
                    throw twice(key);
                }
                seen.set(column);
                row[column] = value;
            });
            return row;
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    /** Holds the first objects and collects their keys, in the order they first appear. */
    private void readAhead(List<String> keys) throws IOException {
        long chars = 0;
        try {
            while (heldRows.size() < LOOKAHEAD_OBJECTS && chars < LOOKAHEAD_CHARS && startObject()) {
                List<String> values = new ArrayList<>(keys.size());
                BitSet seen = new BitSet();
                long[] size = {0};
                readFields(null, (key, value) -> {
                    Integer column = index.get(key);
                    if (column == null) {
                        column = keys.size();
                        keys.add(key);
                        index.put(key, column);
                    }
                    if (seen.get(column)) {
                        throw twice(key);
                    }
                    seen.set(column);
                    while (values.size() <= column) values.add(null);
                    values.set(column, value);
                    size[0] += key.length() + (value == null ? 4 : value.length());
                });
                chars += size[0];
                heldRows.addLast(values.toArray(new String[0]));
                heldLines.addLast(line);
            }
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    /** Receives one cell of the object being read. */
    private interface CellSink {
        void cell(String key, String value) throws IOException;
    }

    /**
     * Reads the fields of the object whose start the parser is on, to its end. With flattening, a
     * nested object's fields go to the sink under {@code prefix.key}.
     */
    private void readFields(String prefix, CellSink sink) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = prefix == null ? parser.currentName() : prefix + "." + parser.currentName();
            if (parser.nextToken() == JsonToken.START_OBJECT && flatten) {
                readFields(key, sink);
            } else {
                sink.cell(key, valueText());
            }
        }
        expectObjectEnd(token);
    }

    /** Jackson refuses a key given twice in one object; a dotted key and a nested one can still meet. */
    private DataFormatException twice(String key) {
        return new DataFormatException("line " + line + " has the field '" + key + "' twice (as a dotted key and inside an object)", line);
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
