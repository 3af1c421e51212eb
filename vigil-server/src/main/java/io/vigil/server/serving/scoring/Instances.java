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

    /**
     * Records already read one by one (a stream's messages, each its own JSON document), put into
     * columns as {@link Reader} would have read them as one list: numbers as doubles, text and
     * booleans as they are, nested objects and arrays as their JSON text.
     */
    public static Instances of(List<Map<String, Object>> records) {
        Instances in = new Instances();
        for (Map<String, Object> record : records) {
            int row = in.rows++;
            if (record == null) {
                in.notObjects.set(row);
            } else {
                record.forEach((name, value) -> {
                    RawColumn column = in.columns.get(name);
                    if (column == null) {
                        column = new RawColumn();
                        for (int r = 0; r < row; r++) {
                            column.addOther(ABSENT);
                        }
                        in.columns.put(name, column);
                    }
                    if (value instanceof Number n) {
                        column.addNumber(n.doubleValue());
                    } else if (value == null) {
                        column.addOther(RawColumn.NULL);
                    } else if (value instanceof String || value instanceof Boolean) {
                        column.addOther(value);
                    } else {
                        column.addOther(new NestedValue(io.vigil.server.core.Json.write(value), value instanceof Map));
                    }
                });
            }
            for (RawColumn column : in.columns.values()) {
                if (column.size() == row) {
                    column.addOther(ABSENT);
                }
            }
        }
        return in;
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
