package io.vigil.server.assets;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Asset metrics as events: one row per asset and time, with {@code asset_id}, {@code timestamp}
 * (epoch seconds) and a column per metric (missing where the asset sent no value of it at that
 * time), in time order. What window features and detectors read.
 */
public final class AssetEvents {
    public static final String KEY = "asset_id";
    public static final String TIME = "timestamp";

    private AssetEvents() {}

    /** One event: an asset's values at one time. */
    public record Event(String assetId, Instant at, Map<String, Double> values) {
        /** As a raw record: {@code asset_id}, {@code timestamp} (epoch seconds) and each metric. */
        public Map<String, Object> record() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put(KEY, assetId);
            r.put(TIME, at.getEpochSecond() + at.getNano() / 1e9);
            r.putAll(values);
            return r;
        }
    }

    /** The points of one asset grouped by time, in time order. */
    public static List<Event> events(String assetId, List<MetricPoint> points) {
        TreeMap<Instant, Map<String, Double>> byTime = new TreeMap<>();
        for (MetricPoint p : points) byTime.computeIfAbsent(p.at(), t -> new TreeMap<>()).put(p.metric(), p.value());
        List<Event> out = new ArrayList<>(byTime.size());
        byTime.forEach((at, values) -> out.add(new Event(assetId, at, values)));
        return out;
    }

    /** The events as a table with the given metric columns (all metrics seen when null), in time order. */
    public static Table table(List<Event> events, List<String> metrics) {
        List<String> names = metrics != null ? metrics : new ArrayList<>(new TreeSet<>(events.stream()
                .flatMap(e -> e.values().keySet().stream()).toList()));
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> a.at().compareTo(b.at()));
        int n = sorted.size();
        int[] codes = new int[n];
        double[] times = new double[n];
        double[][] values = new double[names.size()][n];
        Map<String, Integer> dictionary = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            Event e = sorted.get(r);
            codes[r] = dictionary.computeIfAbsent(e.assetId(), k -> dictionary.size());
            times[r] = e.at().getEpochSecond() + e.at().getNano() / 1e9;
            for (int m = 0; m < names.size(); m++) {
                Double v = e.values().get(names.get(m));
                values[m][r] = v == null ? Double.NaN : v;
            }
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new CategoricalColumn(KEY, codes, List.copyOf(dictionary.keySet())));
        columns.add(new NumericColumn(TIME, times, ColumnType.TIMESTAMP));
        for (int m = 0; m < names.size(); m++) columns.add(new NumericColumn(names.get(m), values[m]));
        return new Table(columns);
    }

    /** The value columns' names of a table made by {@link #table}. */
    public static List<String> metricColumns(Table table) {
        List<String> names = new ArrayList<>(table.columnNames());
        names.removeAll(Arrays.asList(KEY, TIME));
        return names;
    }
}
