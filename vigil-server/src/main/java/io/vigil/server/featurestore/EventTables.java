package io.vigil.server.featurestore;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Raw event records (as posted to a definition's stream) as a table of the spec's columns. */
final class EventTables {
    private EventTables() {}

    static Table of(List<Map<String, Object>> records, WindowSpec spec) {
        int n = records.size();
        List<Column> columns = new ArrayList<>();
        for (String key : spec.keys()) {
            int[] codes = new int[n];
            Map<String, Integer> dictionary = new LinkedHashMap<>();
            for (int r = 0; r < n; r++) {
                Object v = records.get(r).get(key);
                codes[r] = v == null ? CategoricalColumn.MISSING : dictionary.computeIfAbsent(String.valueOf(v), k -> dictionary.size());
            }
            columns.add(new CategoricalColumn(key, codes, List.copyOf(dictionary.keySet())));
        }
        columns.add(numeric(records, spec.time(), ColumnType.TIMESTAMP));
        for (String value : spec.valueColumns()) columns.add(numeric(records, value, ColumnType.NUMERIC));
        return new Table(columns);
    }

    private static NumericColumn numeric(List<Map<String, Object>> records, String name, ColumnType type) {
        double[] values = new double[records.size()];
        for (int r = 0; r < values.length; r++) values[r] = RecordValues.number(name, records.get(r).get(name));
        return new NumericColumn(name, values, type);
    }
}
