package io.vigil.engine.windows;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.Table;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which per-entity window features to compute from an event table, as JSON writes it:
 *
 * <pre>{@code
 * {"keys": ["host"], "time": "ts",
 *  "features": [{"kind": "mean", "column": "bytes", "window": "5m"},
 *               {"kind": "count", "window": "1h"},
 *               {"kind": "max", "column": "bytes", "events": 50},
 *               {"kind": "diff", "column": "bytes", "lag": 1},
 *               {"kind": "hour"},
 *               {"kind": "residual", "column": "bytes", "season": "weekhour"}]}
 * }</pre>
 *
 * @param keys               the entity's key columns (host, asset, user; several make one key together)
 * @param time               the event time column: a timestamp column or epoch seconds
 * @param features           what to compute, in the order of the columns they add ({@link WindowFeature})
 * @param timeZone           the zone of {@code hour}, {@code weekday} and seasons (UTC when absent)
 * @param maxEventsPerEntity the most events one entity's history holds (4,096 when absent): a time
 *                           window sees at most this many of the latest events, offline as online
 * @param keysAsInputs       the key columns are also model inputs (false when absent)
 * @param timeAsInput        the time column is also a model input (false when absent: a model that
 *                           reads the raw time learns the training period, not behaviour)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowSpec(List<String> keys, String time, List<WindowFeature> features, String timeZone, Integer maxEventsPerEntity,
                         Boolean keysAsInputs, Boolean timeAsInput) {
    public static final int DEFAULT_MAX_EVENTS = 4096;
    public static final int MAX_EVENTS_LIMIT = 100_000;
    public static final int MAX_FEATURES = 100;
    static final int MAX_MIN_SAMPLES = 100_000;

    public WindowSpec {
        keys = keys == null ? null : java.util.Collections.unmodifiableList(keys.stream().map(k -> k == null ? null : k.strip()).toList());
        time = time == null ? null : time.strip();
        features = features == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(features));
    }

    /** A spec with the defaults: UTC, {@value #DEFAULT_MAX_EVENTS} events per entity, key and time not inputs. */
    public static WindowSpec of(List<String> keys, String time, List<WindowFeature> features) {
        return new WindowSpec(keys, time, features, null, null, null, null);
    }

    public WindowSpec withTimeZone(String zone) {
        return new WindowSpec(keys, time, features, zone, maxEventsPerEntity, keysAsInputs, timeAsInput);
    }

    public WindowSpec withMaxEventsPerEntity(int value) {
        return new WindowSpec(keys, time, features, timeZone, value, keysAsInputs, timeAsInput);
    }

    @JsonIgnore
    public ZoneId zone() {
        return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone.strip());
    }

    @JsonIgnore
    public int maxEvents() {
        return maxEventsPerEntity == null ? DEFAULT_MAX_EVENTS : maxEventsPerEntity;
    }

    /** The raw columns a record must carry for the features: the keys, the time, then the value columns. */
    @JsonIgnore
    public List<String> rawColumns() {
        LinkedHashSet<String> raw = new LinkedHashSet<>(keys);
        raw.add(time);
        raw.addAll(valueColumns());
        return List.copyOf(raw);
    }

    /** The value columns the features read, each once, in the order features first name them. */
    @JsonIgnore
    public List<String> valueColumns() {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        for (WindowFeature f : features) {
            if (f.column() != null) columns.add(f.column().strip());
        }
        return List.copyOf(columns);
    }

    /** The longest time window of the features, in seconds (0 without any): how far back an entity's past matters to them. */
    @JsonIgnore
    public double longestWindowSeconds() {
        double longest = 0;
        for (WindowFeature f : features) {
            if (f.window() != null) longest = Math.max(longest, Durations.seconds(f.window()));
        }
        return longest;
    }

    /** Columns a model trained on the transformed table leaves out: the keys and time, unless asked to read them. */
    @JsonIgnore
    public List<String> notInputs() {
        List<String> out = new ArrayList<>();
        if (!Boolean.TRUE.equals(keysAsInputs)) out.addAll(keys);
        if (!Boolean.TRUE.equals(timeAsInput)) out.add(time);
        return out;
    }

    /** The columns the features add, in order (a cyclic hour adds two); the spec must be valid. */
    @JsonIgnore
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (WindowFeature f : features) names.addAll(FeatureNames.of(f));
        return names;
    }

    /** What is wrong with the spec on its own (no table known yet): empty when nothing is. */
    public List<SpecProblem> problems() {
        return SpecChecks.check(this, null);
    }

    /**
     * What is wrong with the spec for a table with these columns and types (a dataset's schema):
     * unknown columns, text where numbers are needed, names the table already has.
     */
    public List<SpecProblem> problems(Map<String, ColumnType> columns) {
        return SpecChecks.check(this, columns);
    }

    /** {@link #problems(Map)} for a table's columns. */
    public List<SpecProblem> problems(Table table) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (Column c : table.columns()) columns.put(c.name(), c.type());
        return problems(columns);
    }

    /** This spec, or an {@link InvalidWindowSpecException} naming every bad field. */
    public WindowSpec checked(Table table) {
        List<SpecProblem> found = table == null ? problems() : problems(table);
        if (!found.isEmpty()) throw new InvalidWindowSpecException(found);
        return this;
    }

    /** Whether a time zone text names one (region or offset). */
    static boolean isZone(String text) {
        try {
            ZoneId.of(text.strip());
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

}
