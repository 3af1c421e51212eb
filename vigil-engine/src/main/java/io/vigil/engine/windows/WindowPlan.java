package io.vigil.engine.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * A valid {@link WindowSpec} made ready to compute: the value columns in one row per event, the
 * distinct windows (a column over a span) whose statistics several features share, what each
 * entity's history must keep, and the features' outputs. {@link #update} is the one step both the
 * offline transform and the online state take for an event.
 */
final class WindowPlan {
    private static final double TWO_PI = 2 * Math.PI;

    /** A column (-1: events only) over a time window (seconds) or the last {@code events} events. */
    private record Group(int column, double seconds, int events) {
    }

    /** One feature: its kind, where it reads and where its outputs go. */
    private record Step(WindowKind kind, int group, int column, int lag, boolean cyclic, Season season, int residual, int out) {
    }

    final WindowSpec spec;
    final List<String> valueColumns;
    final List<String> outputNames;
    final List<WindowFeature> residualFeatures;
    final int keepEvents;
    final double keepSeconds;
    final int cap;
    private final Group[] groups;
    private final Step[] steps;
    private final EventClock clock;

    WindowPlan(WindowSpec spec) {
        this.spec = spec;
        this.valueColumns = spec.valueColumns();
        this.outputNames = spec.outputNames();
        this.cap = spec.maxEvents();
        this.clock = new EventClock(spec.zone());
        List<Group> groupList = new ArrayList<>();
        List<Step> stepList = new ArrayList<>();
        List<WindowFeature> residuals = new ArrayList<>();
        int keepN = 0;
        double keepS = 0;
        int out = 0;
        for (WindowFeature f : spec.features()) {
            WindowKind kind = f.resolvedKind();
            int column = f.column() == null ? -1 : valueColumns.indexOf(f.column().strip());
            int group = -1;
            if (kind.windowed()) {
                double seconds = f.window() == null ? 0 : Durations.seconds(f.window());
                int events = f.events() == null ? 0 : f.events();
                Group g = new Group(column, seconds, events);
                group = groupList.indexOf(g);
                if (group < 0) {
                    groupList.add(g);
                    group = groupList.size() - 1;
                }
                keepS = Math.max(keepS, seconds);
                keepN = Math.max(keepN, events - 1); // the next event makes N with the N - 1 kept
            }
            int lag = f.lag() == null ? 0 : f.lag();
            keepN = Math.max(keepN, lag);
            int residual = -1;
            if (kind == WindowKind.RESIDUAL) {
                residuals.add(f);
                residual = residuals.size() - 1;
            }
            stepList.add(new Step(kind, group, column, lag, f.cyclic(), f.resolvedSeason(), residual, out));
            out += FeatureNames.of(f).size();
        }
        this.groups = groupList.toArray(Group[]::new);
        this.steps = stepList.toArray(Step[]::new);
        this.residualFeatures = List.copyOf(residuals);
        this.keepEvents = keepN;
        this.keepSeconds = keepS;
    }

    int width() {
        return outputNames.size();
    }

    EntityHistory newHistory(Baselines.Entity baselines) {
        return new EntityHistory(valueColumns.size(), cap, baselines);
    }

    /** The local time of an event, for the calendar features and the seasons. */
    double local(double time) {
        return clock.local(time);
    }

    /**
     * Takes one event of an entity ({@code history}; null for an event without a key) and writes
     * its features to {@code out}: the event joins the history in time order and its features see
     * the events held at or before it. A late event older than everything a full history holds is
     * answered from itself alone ({@code scratch}) and not kept.
     */
    void update(EntityHistory history, double time, double[] row, double[] out, Scratch scratch, Baselines baselines) {
        if (history == null) {
            compute(null, 0, time, row, out, scratch, baselines, Baselines.Entity.NONE);
            return;
        }
        int p = history.positionOf(time);
        if (history.tooOld(p)) {
            scratch.alone.clear();
            scratch.alone.insert(0, time, row);
            compute(scratch.alone, 0, time, row, out, scratch, baselines, history.baselines);
            return;
        }
        p = history.insert(p, time, row);
        compute(history, p, time, row, out, scratch, baselines, history.baselines);
        history.evict(keepEvents, keepSeconds);
    }

    /** Takes an event into the history without computing its features (a restore replaying the log). */
    void absorb(EntityHistory history, double time, double[] row) {
        int p = history.positionOf(time);
        if (history.tooOld(p)) return;
        history.insert(p, time, row);
        history.evict(keepEvents, keepSeconds);
    }

    private void compute(EntityHistory h, int p, double time, double[] row, double[] out, Scratch s, Baselines baselines,
                         Baselines.Entity entity) {
        for (int g = 0; g < groups.length; g++) {
            if (h != null) s.measure(g, h, p, time, groups[g].column, groups[g].seconds, groups[g].events);
        }
        double local = clock.local(time);
        for (Step step : steps) {
            int o = step.out;
            switch (step.kind) {
                case HOUR, WEEKDAY -> {
                    double period = step.kind == WindowKind.HOUR ? 24 : 7;
                    double at = step.kind == WindowKind.HOUR ? EventClock.hourOfDay(local) : EventClock.weekday(local);
                    if (step.cyclic) {
                        out[o] = Math.sin(TWO_PI * at / period);
                        out[o + 1] = Math.cos(TWO_PI * at / period);
                    } else {
                        out[o] = at;
                    }
                }
                case RESIDUAL -> {
                    double v = row[step.column];
                    out[o] = Double.isNaN(v) ? Double.NaN : baselines.residual(step.residual, entity, step.season.bucket(local), v);
                }
                case LAG, DIFF -> {
                    double back = h == null || p - step.lag < 0 ? Double.NaN : h.value(p - step.lag, step.column);
                    out[o] = step.kind == WindowKind.LAG ? back : row[step.column] - back;
                }
                default -> out[o] = h == null ? Double.NaN : s.statistic(step.group, step.kind, groups[step.group].column < 0,
                        groups[step.group].seconds);
            }
        }
    }

    /** Per-caller working arrays: one per thread, or per online state under its lock. */
    static final class Scratch {
        private final double[] count;
        private final double[] n;
        private final double[] sum;
        private final double[] min;
        private final double[] max;
        private final double[] mean;
        private final double[] m2;
        private final double[] span;
        private final double[] afterOldest;
        final EntityHistory alone;

        Scratch(WindowPlan plan) {
            int g = plan.groups.length;
            count = new double[g];
            n = new double[g];
            sum = new double[g];
            min = new double[g];
            max = new double[g];
            mean = new double[g];
            m2 = new double[g];
            span = new double[g];
            afterOldest = new double[g];
            alone = new EntityHistory(plan.valueColumns.size(), 1, Baselines.Entity.NONE);
        }

        /**
         * The statistics of window {@code g} for the event at {@code p}: the events in
         * {@code (time - seconds, time]} or the last {@code events} up to it, newest first (mean
         * and variance by Welford's method, in one pass).
         */
        void measure(int g, EntityHistory h, int p, double time, int column, double seconds, int events) {
            double c = 0;
            double k = 0;
            double total = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double mu = 0;
            double sq = 0;
            int stop = events > 0 ? Math.max(0, p - events + 1) : 0;
            int j = p;
            for (; j >= stop; j--) {
                if (events == 0 && h.time(j) <= time - seconds) break;
                c++;
                if (column < 0) continue;
                double v = h.value(j, column);
                if (Double.isNaN(v)) continue;
                k++;
                total += v;
                if (v < lo) lo = v;
                if (v > hi) hi = v;
                double delta = v - mu;
                mu += delta / k;
                sq += delta * (v - mu);
            }
            int oldest = j + 1;
            count[g] = c;
            n[g] = k;
            sum[g] = total;
            min[g] = lo;
            max[g] = hi;
            mean[g] = mu;
            m2[g] = sq;
            span[g] = time - h.time(oldest);
            double first = column < 0 ? 1 : h.value(oldest, column);
            afterOldest[g] = column < 0 ? c - 1 : total - (Double.isNaN(first) ? 0 : first);
        }

        /** Feature {@code kind} of window {@code g}; {@code noColumn}: a count or rate of events, reading no value. */
        double statistic(int g, WindowKind kind, boolean noColumn, double seconds) {
            return switch (kind) {
                case MEAN -> n[g] > 0 ? mean[g] : Double.NaN;
                case STD -> n[g] > 1 ? Math.sqrt(m2[g] / (n[g] - 1)) : Double.NaN;
                case MIN -> n[g] > 0 ? min[g] : Double.NaN;
                case MAX -> n[g] > 0 ? max[g] : Double.NaN;
                case SUM -> n[g] > 0 ? sum[g] : Double.NaN; // no value known is not 0 bytes (as pandas has it)
                case COUNT -> noColumn ? count[g] : n[g];
                case RATE -> !noColumn && n[g] == 0 ? Double.NaN
                        : seconds > 0 ? (noColumn ? count[g] : sum[g]) / seconds
                        : span[g] > 0 ? afterOldest[g] / span[g] : Double.NaN;
                default -> throw new IllegalStateException(kind + " is not a window statistic");
            };
        }
    }
}
