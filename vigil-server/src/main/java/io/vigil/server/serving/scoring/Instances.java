package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of a batch ({@code instances}), read column by column as they stream: one array of
 * values per field name, in the order fields first appear, with no map or boxed number per record
 * (a 1,000-record batch holds tens of thousands of values). A record that lacks a field has
 * {@link #ABSENT} in that field's column; a nested object or array as its JSON text
 * ({@link NestedValue}).
 */
@JsonDeserialize(using = Instances.Reader.class)
public final class Instances {
    static final Object ABSENT = marker("absent");

    private final Map<String, RawColumn> columns = new LinkedHashMap<>();
    private final BitSet notObjects = new BitSet();
    private int rows;

    private static Object marker(String name) {
        return new Object() {
            @Override
            public String toString() {
                return name;
            }
        };
    }

    public int size() {
        return rows;
    }

    /** Every field name some record has, in first-seen order, with its column. */
    Map<String, RawColumn> columns() {
        return columns;
    }

    /**
     * Field {@code name} of record {@code row} as sent (a Double, String or Boolean), or null when
     * the record lacks it, holds null there, or is not an object.
     */
    public Object value(String name, int row) {
        RawColumn column = columns.get(name);
        if (column == null || !isObject(row)) {
            return null;
        }
        Object v = column.value(row);
        return v == RawColumn.NULL || v == ABSENT ? null : v;
    }

    /** Whether record {@code row} is a JSON object at all. */
    boolean isObject(int row) {
        return !notObjects.get(row);
    }

    /**
     * Record {@code row} as a map (Number, String, Boolean or null values), for the paths that
     * take one record at a time; whole numbers come back as Long.
     */
    Map<String, Object> record(int row) {
        if (!isObject(row)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        columns.forEach((name, column) -> {
            Object v = column.value(row);
            if (v == RawColumn.NULL) {
                out.put(name, null);
            } else if (v != ABSENT) {
                out.put(name, v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) d.longValue() : v);
            }
        });
        return out;
    }

    public List<Map<String, Object>> records() {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(record(r));
        }
        return out;
    }

    /** A batch with no record yet, to which records are added one JSON document at a time ({@link #add}). */
    public static Instances empty() {
        return new Instances();
    }

    /**
     * Adds the record that is the whole of {@code json} (a stream's message), read straight into the columns as
     * {@link Reader} reads one of a list. Answers null once it is added, else why it was not (the batch is then
     * as it was before the call).
     */
    public String add(byte[] json) {
        if (json == null || json.length == 0) {
            return "empty record: a JSON object (one event) was expected";
        }
        int row = rows;
        List<String> made = new ArrayList<>();
        try (JsonParser p = io.vigil.server.core.Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object: one event per record, as an object of field to value";
            }
            rows++;
            String name;
            while ((name = p.nextFieldName()) != null) {
                RawColumn column = columns.get(name);
                if (column == null) {
                    column = new RawColumn();
                    for (int r = 0; r < row; r++) {
                        column.addOther(ABSENT);
                    }
                    columns.put(name, column);
                    made.add(name);
                } else if (column.size() > row) {
                    column.removeLast(); // a field given twice: the last one counts, as in a map
                }
                Reader.value(p, p.nextToken(), column);
            }
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "more than one JSON value in the record");
            }
        } catch (IOException e) { // nothing of the record stays: the columns are cut back to the rows before it
            made.forEach(columns::remove);
            for (RawColumn column : columns.values()) {
                while (column.size() > row) {
                    column.removeLast();
                }
            }
            rows = row;
            return "not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        }
        for (RawColumn column : columns.values()) {
            if (column.size() == row) {
                column.addOther(ABSENT);
            }
        }
        return null;
    }

    /** Reads {@code "instances": [ {...}, ... ]} straight into columns. */
    static final class Reader extends JsonDeserializer<Instances> {
        @Override
        public Instances deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw MismatchedInputException.from(p, (Class<?>) null, "must be a list of records (objects of feature name to value)");
            }
            Instances in = new Instances();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int row = in.rows++;
                if (t == JsonToken.START_OBJECT) {
                    String name;
                    while ((name = p.nextFieldName()) != null) { // names come interned, so the column lookup is cheap
                        RawColumn column = in.columns.get(name);
                        if (column == null) {
                            column = new RawColumn();
                            for (int r = 0; r < row; r++) {
                                column.addOther(ABSENT);
                            }
                            in.columns.put(name, column);
                        } else if (column.size() > row) {
                            column.removeLast(); // a field given twice: the last one counts, as in a map
                        }
                        value(p, p.nextToken(), column);
                    }
                } else {
                    in.notObjects.set(row);
                    p.skipChildren();
                }
                for (RawColumn column : in.columns.values()) {
                    if (column.size() == row) {
                        column.addOther(ABSENT);
                    }
                }
            }
            return in;
        }

        private static void value(JsonParser p, JsonToken t, RawColumn column) throws IOException {
            if (column.addScalar(p)) {
                return;
            }
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                throw MismatchedInputException.from(p, (Class<?>) null, "holds an unexpected " + t);
            }
            column.addOther(NestedValue.read(p));
        }
    }
}
