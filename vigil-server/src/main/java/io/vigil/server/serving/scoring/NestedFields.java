package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.server.core.Json;
import io.vigil.server.serving.models.LoadedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nested objects in prediction records, read the way the model's training data read them. A JSON
 * Lines upload turns {@code "flow": {"bytes": 5}} into the column {@code flow.bytes}, so a raw
 * Suricata EVE or ECS event sent for scoring has its objects expanded into the same dotted fields.
 * An object the model has as one input (trained on a dataset uploaded before flattening, where it
 * was one column of JSON text) stays that text. Arrays always stay text. When a dotted field comes
 * both as such and inside an object, the nested one counts.
 */
public final class NestedFields {
    private NestedFields() {}

    /** {@code record} with its expandable objects expanded, in place of each; the same map when it has none. */
    static Map<String, Object> flatten(LoadedModel model, Map<String, Object> record) {
        if (record == null || !hasObject(record)) {
            return record; // the common case, on every single prediction: no allocation
        }
        Map<String, Object> out = new LinkedHashMap<>(record.size() * 2);
        record.forEach((name, value) -> {
            if (expandable(model, name, value)) {
                fields(name, (NestedValue) value, out);
            } else {
                out.putIfAbsent(name, value); // a nested field of the same name, expanded before, counts
            }
        });
        return out;
    }

    /** Expands the batch's columns that hold expandable objects, leaving their other values in place. */
    static void flatten(LoadedModel model, Instances in) {
        Map<String, RawColumn> columns = in.columns();
        List<String> containers = new ArrayList<>();
        columns.forEach((name, column) -> {
            if (!model.inputFields().containsKey(name) && holdsObject(column)) {
                containers.add(name);
            }
        });
        if (containers.isEmpty()) {
            return;
        }
        int n = in.size();
        List<Map<String, Object>> nested = new ArrayList<>(n); // per row, the fields of its objects
        Set<String> names = new LinkedHashSet<>();
        for (int r = 0; r < n; r++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String container : containers) {
                if (columns.get(container).value(r) instanceof NestedValue v && v.object()) {
                    fields(container, v, fields);
                }
            }
            names.addAll(fields.keySet());
            nested.add(fields);
        }
        Map<String, RawColumn> out = new LinkedHashMap<>();
        columns.forEach((name, column) -> {
            if (!containers.contains(name)) {
                out.put(name, column);
                return;
            }
            RawColumn rest = new RawColumn(); // the container's values that are not objects, for the validator to judge
            boolean any = false;
            for (int r = 0; r < n; r++) {
                if (column.value(r) instanceof NestedValue v && v.object()) {
                    rest.addOther(Instances.ABSENT);
                } else {
                    rest.addFrom(column, r);
                    any |= column.value(r) != Instances.ABSENT;
                }
            }
            if (any) {
                out.put(name, rest);
            }
        });
        for (String name : names) {
            RawColumn flat = columns.get(name);
            RawColumn merged = new RawColumn();
            for (int r = 0; r < n; r++) {
                Map<String, Object> fields = nested.get(r);
                if (fields.containsKey(name)) {
                    add(merged, fields.get(name));
                } else if (flat != null) {
                    merged.addFrom(flat, r);
                } else {
                    merged.addOther(Instances.ABSENT);
                }
            }
            out.put(name, merged);
        }
        columns.clear();
        columns.putAll(out);
    }

    private static boolean hasObject(Map<String, Object> record) {
        for (Object value : record.values()) {
            if (value instanceof NestedValue v && v.object()) {
                return true;
            }
        }
        return false;
    }

    private static boolean expandable(LoadedModel model, String name, Object value) {
        return value instanceof NestedValue v && v.object() && !model.inputFields().containsKey(name);
    }

    private static boolean holdsObject(RawColumn column) {
        for (int r = 0; r < column.size(); r++) {
            if (!column.isNumber(r) && column.value(r) instanceof NestedValue v && v.object()) { // numbers: no boxing
                return true;
            }
        }
        return false;
    }

    /** Puts the object's fields into {@code out} under {@code prefix.}, its nested objects' fields deeper. */
    private static void fields(String prefix, NestedValue object, Map<String, Object> out) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(object.json())) {
            p.nextToken();
            fields(p, prefix, out);
        } catch (IOException e) {
            throw new UncheckedIOException("re-reading JSON this server wrote", e);
        }
    }

    private static void fields(JsonParser p, String prefix, Map<String, Object> out) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            String path = prefix + "." + name;
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                fields(p, path, out);
            } else {
                out.put(path, FeaturesReader.value(p, t));
            }
        }
    }

    private static void add(RawColumn column, Object value) {
        if (value == null) {
            column.addOther(RawColumn.NULL);
        } else if (value instanceof Number number) {
            column.addNumber(number.doubleValue());
        } else {
            column.addOther(value);
        }
    }
}
