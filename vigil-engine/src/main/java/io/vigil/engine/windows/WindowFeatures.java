package io.vigil.engine.windows;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.engine.ModelJson;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link WindowSpec} fitted on training events: what turns an event table into per-entity window
 * features offline ({@link #transform}) and keeps them up to date online ({@link #online}), with the
 * same answer for the same events. Fitting checks the spec against the table and fits the seasonal
 * baselines of its {@code residual} features; a model bundle keeps both.
 *
 * <pre>{@code
 * WindowFeatures windows = WindowFeatures.fit(spec, events);   // checked: every bad field named
 * Table train = windows.transform(events);                     // the events with bytes_mean_5m, ... appended
 * OnlineWindows live = windows.online(100_000);                // at most 100,000 entities
 * double[] features = live.update(Map.of("host", "10.0.0.5", "ts", "2024-03-01T10:15:30Z", "bytes", 512));
 * }</pre>
 *
 * <p><b>Point in time.</b> A row's features use only events of its key at or before its time. Events
 * are taken in time order, and events of one key at the same time in the order they come (row order
 * offline, arrival order online): each sees those before it and itself, none after it. So the
 * order of the rows matters only where events of one key share a time: to their own features, and
 * to the lags and last-N windows of the events after them (whichever came last is one event back);
 * a time window holds the same events whatever it is. Timestamps in whole seconds tie more than
 * finer ones. Time windows are {@code (t - w, t]}; the last N events include the event itself. An event without
 * a key (or without a time) belongs to no entity: its window, lag and diff features are missing
 * (NaN); its hour, weekday and residual (against the baseline across entities) are computed when it
 * has a time.
 */
public final class WindowFeatures {
    private static final TypeReference<List<SeasonalBaseline>> BASELINES = new TypeReference<>() {
    };

    private final WindowSpec spec;
    private final WindowPlan plan;
    private final Baselines baselines;

    private WindowFeatures(WindowSpec spec, WindowPlan plan, Baselines baselines) {
        this.spec = spec;
        this.plan = plan;
        this.baselines = baselines;
    }

    /**
     * Checks {@code spec} against {@code table} and fits it on the table's events.
     *
     * @throws InvalidWindowSpecException naming every bad field (an unknown column, text where numbers are needed ...)
     */
    public static WindowFeatures fit(WindowSpec spec, Table table) {
        spec.checked(table);
        WindowPlan plan = new WindowPlan(spec);
        List<SeasonalBaseline> fitted = plan.residualFeatures.isEmpty() ? List.of()
                : BaselineFitter.fit(plan, EntityKeys.of(table, spec.keys()), times(table, spec), values(table, plan));
        return new WindowFeatures(spec, plan, new Baselines(fitted));
    }

    /**
     * A fitted spec as a bundle keeps it: the spec and its fitted baselines (one per residual
     * feature, in order; empty without any).
     *
     * @throws InvalidWindowSpecException the spec is not valid
     * @throws IllegalArgumentException   the baselines do not match its residual features
     */
    public static WindowFeatures of(WindowSpec spec, List<SeasonalBaseline> fitted) {
        spec.checked(null);
        WindowPlan plan = new WindowPlan(spec);
        return new WindowFeatures(spec, plan, Baselines.checked(fitted, plan.residualFeatures));
    }

    public WindowSpec spec() {
        return spec;
    }

    /** The fitted baselines, one per residual feature in order (empty without any). */
    public List<SeasonalBaseline> baselines() {
        return baselines.fitted();
    }

    /** The columns the features add, in order. */
    public List<String> featureNames() {
        return plan.outputNames;
    }

    /**
     * The table with the feature columns appended, each row's from the events of its key at or
     * before it (see the class comment). One pass over each key's rows in time order, with one history.
     *
     * @throws InvalidWindowSpecException the table lacks a column the spec reads, or has one it would add
     */
    public Table transform(Table table) {
        spec.checked(table);
        int n = table.rowCount();
        double[] times = times(table, spec);
        double[][] values = values(table, plan);
        String[] keys = EntityKeys.of(table, spec.keys());
        double[][] columns = new double[plan.width()][n];
        for (double[] c : columns) Arrays.fill(c, Double.NaN);
        WindowScan scan = new WindowScan(plan);
        double[] row = new double[values.length];
        double[] out = new double[plan.width()];
        // entity after entity, each one's events in time order: the same steps as all of them in time
        // order (an entity's features depend on its own events only), with one history in the cache at a time
        EntityHistory history = null;
        String entity = null;
        for (int r : EventOrder.byEntityThenTime(keys, times)) {
            for (int c = 0; c < row.length; c++) row[c] = values[c][r];
            if (keys[r] != null && !keys[r].equals(entity)) {
                entity = keys[r];
                history = plan.newHistory(baselines.entity(entity));
            }
            plan.update(keys[r] == null ? null : history, times[r], row, out, scan, baselines);
            for (int c = 0; c < out.length; c++) columns[c][r] = out[c];
        }
        List<Column> all = new ArrayList<>(table.columns());
        for (int c = 0; c < columns.length; c++) all.add(new NumericColumn(plan.outputNames.get(c), columns[c]));
        return new Table(all);
    }

    /** Online state for at most {@code maxEntities} entities (the least recently seen go first). */
    public OnlineWindows online(int maxEntities) {
        return new OnlineWindows(this, maxEntities);
    }

    WindowPlan plan() {
        return plan;
    }

    Baselines fittedBaselines() {
        return baselines;
    }

    /** The fitted baselines as JSON (what a bundle stores beside its manifest). */
    public byte[] baselinesJson() {
        try {
            return ModelJson.MAPPER.writeValueAsBytes(baselines.fitted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Baselines written by {@link #baselinesJson}. */
    public static List<SeasonalBaseline> baselinesFromJson(byte[] json) throws IOException {
        List<SeasonalBaseline> read = ModelJson.MAPPER.readValue(json, BASELINES);
        if (read == null) throw new IOException("no baselines");
        return read;
    }

    private static double[] times(Table table, WindowSpec spec) {
        return table.numeric(spec.time().strip()).values();
    }

    private static double[][] values(Table table, WindowPlan plan) {
        double[][] out = new double[plan.valueColumns.size()][];
        for (int c = 0; c < out.length; c++) out[c] = table.numeric(plan.valueColumns.get(c)).values();
        return out;
    }

    @Override
    public String toString() {
        return "WindowFeatures" + plan.outputNames;
    }
}
