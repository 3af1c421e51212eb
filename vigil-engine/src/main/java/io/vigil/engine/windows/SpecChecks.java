package io.vigil.engine.windows;

import io.vigil.engine.data.ColumnType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link WindowSpec}, every problem named by its field: on its own (a model defined before
 * any data is chosen), and against a table's columns and types when they are known.
 */
final class SpecChecks {
    private static final int MAX_KEYS = 8;
    private static final int MAX_NAME = 128;
    private static final int SHOWN_COLUMNS = 20;

    private final WindowSpec spec;
    private final Map<String, ColumnType> columns; // null: no table known yet
    private final List<SpecProblem> problems = new ArrayList<>();

    private SpecChecks(WindowSpec spec, Map<String, ColumnType> columns) {
        this.spec = spec;
        this.columns = columns;
    }

    static List<SpecProblem> check(WindowSpec spec, Map<String, ColumnType> columns) {
        SpecChecks c = new SpecChecks(spec, columns);
        c.keys();
        c.time();
        c.settings();
        c.features();
        return List.copyOf(c.problems);
    }

    private void add(String field, String message) {
        problems.add(new SpecProblem(field, message));
    }

    private void keys() {
        List<String> keys = spec.keys();
        if (keys == null || keys.isEmpty()) {
            add("keys", "is required: the column(s) naming the entity (host, asset, user ...)");
            return;
        }
        if (keys.size() > MAX_KEYS) add("keys", "at most " + MAX_KEYS + " key columns");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            String field = "keys[" + i + "]";
            if (k == null || k.isBlank()) {
                add(field, "is blank");
            } else if (!seen.add(k.strip())) {
                add(field, "'" + k + "' is listed twice");
            } else {
                known(field, k);
            }
        }
    }

    private void time() {
        String time = spec.time();
        if (time == null || time.isBlank()) {
            add("time", "is required: the event time column (a timestamp, or epoch seconds)");
            return;
        }
        if (spec.keys() != null && spec.keys().contains(time)) {
            add("time", "'" + time + "' is also a key column");
            return;
        }
        if (known("time", time) && !numeric(columns.get(time.strip()))) {
            add("time", "column '" + time + "' holds " + columns.get(time.strip())
                    + " values; the time must be a timestamp or epoch seconds");
        }
    }

    private void settings() {
        if (spec.timeZone() != null && !WindowSpec.isZone(spec.timeZone())) {
            add("timeZone", "'" + spec.timeZone() + "' is not a time zone (UTC, Europe/Paris, +02:00 ...)");
        }
        Integer max = spec.maxEventsPerEntity();
        if (max != null && (max < 1 || max > WindowSpec.MAX_EVENTS_LIMIT)) {
            add("maxEventsPerEntity", "must be 1 to " + WindowSpec.MAX_EVENTS_LIMIT + ", got " + max);
        }
    }

    private void features() {
        List<WindowFeature> features = spec.features();
        if (features == null || features.isEmpty()) {
            add("features", "is required: at least one feature");
            return;
        }
        if (features.size() > WindowSpec.MAX_FEATURES) {
            add("features", "at most " + WindowSpec.MAX_FEATURES + " features, got " + features.size());
            return;
        }
        Map<String, Integer> named = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            String prefix = "features[" + i + "]";
            int before = problems.size();
            feature(prefix, features.get(i));
            if (problems.size() > before) continue; // a name is derived from valid fields only
            for (String name : FeatureNames.of(features.get(i))) {
                String field = prefix + (features.get(i).name() != null ? ".name" : "");
                Integer other = named.putIfAbsent(name, i);
                if (other != null) {
                    add(field, "'" + name + "' is also the column of features[" + other + "]; give one of them a name");
                } else if (columns != null && columns.containsKey(name)) {
                    add(field, "'" + name + "' is already a column of the data; give the feature another name");
                }
            }
        }
    }

    private void feature(String prefix, WindowFeature f) {
        if (f == null) {
            add(prefix, "is empty");
            return;
        }
        WindowKind kind = WindowKind.of(f.kind());
        if (kind == null) {
            add(prefix + ".kind", f.kind() == null ? "is required (" + WindowKind.names() + ")"
                    : "'" + f.kind() + "' is not a kind (" + WindowKind.names() + ")");
            return;
        }
        column(prefix, f, kind);
        span(prefix, f, kind);
        lag(prefix, f, kind);
        options(prefix, f, kind);
        if (f.name() != null && (f.name().isBlank() || f.name().length() > MAX_NAME)) {
            add(prefix + ".name", f.name().isBlank() ? "is blank" : "at most " + MAX_NAME + " characters");
        }
    }

    private void column(String prefix, WindowFeature f, WindowKind kind) {
        String field = prefix + ".column";
        String column = f.column();
        if (column == null) {
            if (kind.needsColumn()) add(field, "is required: " + kind.wire() + " reads a value column");
            return;
        }
        if (kind.calendar()) {
            add(field, kind.wire() + " reads only the event's time; leave column out");
            return;
        }
        String c = column.strip();
        if (c.isEmpty()) {
            add(field, "is blank");
        } else if (spec.keys() != null && spec.keys().contains(c)) {
            add(field, "'" + c + "' is a key column");
        } else if (c.equals(spec.time())) {
            add(field, "'" + c + "' is the time column");
        } else if (known(field, c) && !numeric(columns.get(c))) {
            add(field, "column '" + c + "' holds " + columns.get(c) + " values; " + kind.wire() + " needs numbers");
        }
    }

    private void span(String prefix, WindowFeature f, WindowKind kind) {
        if (!kind.windowed()) {
            if (f.window() != null) add(prefix + ".window", kind.wire() + " takes no window");
            if (f.events() != null) add(prefix + ".events", kind.wire() + " takes no events");
            return;
        }
        if (f.window() == null && f.events() == null) {
            add(prefix + ".window", "give window (a duration such as \"5m\") or events (the last N events)");
        } else if (f.window() != null && f.events() != null) {
            add(prefix + ".window", "give window or events, not both");
        } else if (f.window() != null) {
            double seconds = Durations.seconds(f.window());
            if (Double.isNaN(seconds)) {
                add(prefix + ".window", "'" + f.window() + "' is not a duration: write 30s, 5m, 1h, 7d (or ISO-8601, PT5M)");
            } else if (seconds > Durations.MAX_SECONDS) {
                add(prefix + ".window", "at most 366d, got " + f.window());
            }
        } else if (kind == WindowKind.COUNT) {
            add(prefix + ".events", "a count over the last N events is N once there are N: count over a window (a duration)");
        } else if (f.events() < 1) {
            add(prefix + ".events", "must be at least 1, got " + f.events());
        } else if (f.events() > spec.maxEvents()) {
            add(prefix + ".events", "at most maxEventsPerEntity (" + spec.maxEvents() + "), got " + f.events());
        }
    }

    private void lag(String prefix, WindowFeature f, WindowKind kind) {
        if (!kind.lagged()) {
            if (f.lag() != null) add(prefix + ".lag", kind.wire() + " takes no lag");
        } else if (f.lag() == null) {
            add(prefix + ".lag", "is required: how many events back (1 is the previous event)");
        } else if (f.lag() < 1) {
            add(prefix + ".lag", "must be at least 1, got " + f.lag());
        } else if (f.lag() >= spec.maxEvents()) {
            add(prefix + ".lag", "must be less than maxEventsPerEntity (" + spec.maxEvents() + "), got " + f.lag());
        }
    }

    private void options(String prefix, WindowFeature f, WindowKind kind) {
        boolean residual = kind == WindowKind.RESIDUAL;
        if (f.season() != null && !residual) add(prefix + ".season", "only residual takes a season");
        if (f.season() != null && residual && Season.of(f.season()) == null) {
            add(prefix + ".season", "'" + f.season() + "' is not a season: hour, weekday or weekhour");
        }
        if (f.minSamples() != null && !residual) add(prefix + ".minSamples", "only residual takes minSamples");
        if (f.minSamples() != null && residual && (f.minSamples() < 2 || f.minSamples() > WindowSpec.MAX_MIN_SAMPLES)) {
            add(prefix + ".minSamples", "must be 2 to " + WindowSpec.MAX_MIN_SAMPLES + ", got " + f.minSamples());
        }
        if (f.encoding() != null && !kind.calendar()) add(prefix + ".encoding", "only hour and weekday take an encoding");
        if (f.encoding() != null && kind.calendar() && !f.encoding().strip().equalsIgnoreCase("cyclic")
                && !f.encoding().strip().equalsIgnoreCase("plain")) {
            add(prefix + ".encoding", "'" + f.encoding() + "' is not an encoding: cyclic (sin and cos) or plain");
        }
    }

    /** Whether the column is one of the table's (true when no table is known); a problem otherwise. */
    private boolean known(String field, String column) {
        if (columns == null) return false;
        if (columns.containsKey(column.strip())) return true;
        List<String> names = new ArrayList<>(columns.keySet());
        String shown = names.size() > SHOWN_COLUMNS ? names.subList(0, SHOWN_COLUMNS) + " and " + (names.size() - SHOWN_COLUMNS) + " more"
                : names.toString();
        add(field, "no column '" + column + "' in the data (columns: " + shown + ")");
        return false;
    }

    /** Stored as numbers in a table: as {@code TableLoader} reads them. */
    static boolean numeric(ColumnType type) {
        return type == ColumnType.NUMERIC || type == ColumnType.INTEGER || type == ColumnType.BOOLEAN || type == ColumnType.TIMESTAMP;
    }
}
