package io.vigil.engine.windows;

import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.features.RecordValues;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The window features of a fitted {@link WindowFeatures}, kept up to date one event at a time: per
 * entity, the history its features need (bounded: see {@link EntityHistory} and the spec's
 * {@code maxEventsPerEntity}), for at most {@code maxEntities} entities, the least recently seen
 * forgotten first (such an entity starts afresh when it comes back). Fed the events of a table in
 * time order, {@link #update} answers exactly what {@link WindowFeatures#transform} writes for them.
 *
 * <p><b>Late events.</b> An event older than its entity's latest one is answered from the events
 * held at or before its time (none after it), then takes its place in time order, so the events
 * after it see it as the offline transform would; what was answered before is never revised. Its
 * own windows may miss events that were already forgotten (those outside the longest window of the
 * entity's latest event). An event older than everything a full history holds is answered from
 * itself alone and not kept. Such events are counted ({@link #lateEvents}).
 *
 * <p>Thread-safe: one lock; an update costs about a microsecond or less whatever its windows hold
 * (BENCHMARKS.md, "Window features").
 */
public final class OnlineWindows {
    private final WindowFeatures fitted;
    private final WindowPlan plan;
    private final int maxEntities;
    private final String[] keyFields;
    private final String timeField;
    private final Map<String, EntityHistory> entities;
    private final WindowScan scan;
    private long updates;
    private long late;
    private long forgotten;

    OnlineWindows(WindowFeatures fitted, int maxEntities) {
        if (maxEntities < 1) throw new IllegalArgumentException("maxEntities must be at least 1, got " + maxEntities);
        this.fitted = fitted;
        this.plan = fitted.plan();
        this.maxEntities = maxEntities;
        this.keyFields = fitted.spec().keys().toArray(String[]::new);
        this.timeField = fitted.spec().time();
        this.scan = new WindowScan(plan);
        this.entities = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EntityHistory> eldest) {
                if (size() <= OnlineWindows.this.maxEntities) return false;
                forgotten++;
                return true;
            }
        };
    }

    public WindowFeatures fitted() {
        return fitted;
    }

    /** The features' columns, the order of {@link #update}'s answer. */
    public List<String> featureNames() {
        return plan.outputNames;
    }

    /**
     * The event a raw record carries: its key fields, time (a timestamp text or epoch seconds) and
     * value columns, read as a table reads them ({@link RecordValues}).
     *
     * @throws InvalidRecordException a time or value that is not a number, naming the field
     */
    public WindowEvent event(Map<String, ?> record) {
        Object[] parts = new Object[keyFields.length];
        for (int k = 0; k < parts.length; k++) parts[k] = record.get(keyFields[k]);
        double time = RecordValues.number(timeField, record.get(timeField));
        double[] values = new double[plan.valueColumns.size()];
        for (int c = 0; c < values.length; c++) values[c] = RecordValues.number(plan.valueColumns.get(c), record.get(plan.valueColumns.get(c)));
        return new WindowEvent(EntityKeys.of(parts), time, values);
    }

    /** Takes a raw record's event and answers its features ({@link #event}, then {@link #update(WindowEvent)}). */
    public double[] update(Map<String, ?> record) {
        return update(event(record));
    }

    /** Takes one event and answers its features, in the order of {@link #featureNames}. */
    public double[] update(WindowEvent event) {
        double[] out = new double[plan.width()];
        update(event, out);
        return out;
    }

    /** {@link #update(WindowEvent)} into {@code out} (length {@code featureNames().size()}). */
    public synchronized void update(WindowEvent event, double[] out) {
        checkWidth(event);
        if (Double.isNaN(event.time())) {
            Arrays.fill(out, Double.NaN); // no time, no entity's state touched: as the offline transform
            return;
        }
        updates++;
        EntityHistory history = history(event);
        if (history != null && event.time() < history.latest()) late++;
        plan.update(history, event.time(), event.values(), out, scan, fitted.fittedBaselines());
    }

    /** Takes an event into its entity's history without answering (replaying recorded events after a restart). */
    public synchronized void absorb(WindowEvent event) {
        checkWidth(event);
        if (Double.isNaN(event.time()) || event.key() == null) return;
        plan.absorb(history(event), event.time(), event.values());
    }

    /** Whether the entity of {@code key} (an event's {@link WindowEvent#key}) has a history held now. */
    public synchronized boolean holds(String key) {
        return key != null && entities.containsKey(key);
    }

    /** Entities held now. */
    public synchronized int entities() {
        return entities.size();
    }

    public int maxEntities() {
        return maxEntities;
    }

    /** Events taken by {@link #update}. */
    public synchronized long updates() {
        return updates;
    }

    /** Events that came after a later one of their entity. */
    public synchronized long lateEvents() {
        return late;
    }

    /** Entities forgotten to stay within {@code maxEntities}. */
    public synchronized long forgottenEntities() {
        return forgotten;
    }

    private EntityHistory history(WindowEvent event) {
        if (event.key() == null) return null;
        EntityHistory h = entities.get(event.key());
        if (h == null) {
            h = plan.newHistory(fitted.fittedBaselines().entity(event.key()));
            entities.put(event.key(), h);
        }
        return h;
    }

    private void checkWidth(WindowEvent event) {
        if (event.values().length != plan.valueColumns.size()) {
            throw new IllegalArgumentException("an event of " + fitted.spec().valueColumns() + " has " + plan.valueColumns.size()
                    + " values, got " + event.values().length);
        }
    }
}
