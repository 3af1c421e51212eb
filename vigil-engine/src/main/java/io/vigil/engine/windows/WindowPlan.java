package io.vigil.engine.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * A valid {@link WindowSpec} made ready to compute: the value columns in one row per event, its
 * distinct windows (a time span or a number of events, with the columns read over it), what each
 * entity's history must keep, and the features' outputs. {@link #update} is the one step both the
 * offline transform and the online state take for an event.
 *
 * <p>An event that comes in time order (the offline transform's every event) moves each window of
 * its entity on ({@link WindowState}): constant work per event, however many events a window
 * holds. A late event is placed in time order and its own features are measured by a scan of its
 * past ({@link WindowScan}); then its entity's windows are rebuilt.
 */
final class WindowPlan {
    private static final double TWO_PI = 2 * Math.PI;

    /**
     * A window: a time span in seconds (events 0) or the last {@code events} events, the value
     * columns read over it, and where its state is in an entity's arrays.
     */
    record Window(double seconds, int events, int[] columns, boolean[] extremes, WindowState state) {
    }

    /** One feature: its kind, its window and the column's place in it (-1: events only), the row column it reads, its outputs' first place. */
    private record Step(WindowKind kind, int window, int slot, int column, int lag, boolean cyclic, Season season, int residual, int out) {
    }

    final WindowSpec spec;
    final List<String> valueColumns;
    final List<String> outputNames;
    final List<WindowFeature> residualFeatures;
    final int keepEvents;
    final double keepSeconds;
    final int cap;
    final Window[] windows;
    private final Step[] steps;
    private final EventClock clock;
    private final int statsWidth;
    private final int dequesWidth;

    WindowPlan(WindowSpec spec) {
        this.spec = spec;
        this.valueColumns = spec.valueColumns();
        this.outputNames = spec.outputNames();
        this.cap = spec.maxEvents();
        this.clock = new EventClock(spec.zone());
        List<double[]> spans = new ArrayList<>(); // {seconds, events}
        List<List<Integer>> columnsOf = new ArrayList<>();
        List<List<Boolean>> extremesOf = new ArrayList<>();
        List<Step> stepList = new ArrayList<>();
        List<WindowFeature> residuals = new ArrayList<>();
        int keepN = 0;
        double keepS = 0;
        int out = 0;
        for (WindowFeature f : spec.features()) {
            WindowKind kind = f.resolvedKind();
            int column = f.column() == null ? -1 : valueColumns.indexOf(f.column());
            int window = -1;
            int slot = -1;
            if (kind.windowed()) {
                double seconds = f.window() == null ? 0 : Durations.seconds(f.window());
                int events = f.events() == null ? 0 : f.events();
                window = indexOf(spans, seconds, events);
                if (window < 0) {
                    spans.add(new double[] {seconds, events});
                    columnsOf.add(new ArrayList<>());
                    extremesOf.add(new ArrayList<>());
                    window = spans.size() - 1;
                }
                if (column >= 0) {
                    slot = columnsOf.get(window).indexOf(column);
                    if (slot < 0) {
                        columnsOf.get(window).add(column);
                        extremesOf.get(window).add(false);
                        slot = columnsOf.get(window).size() - 1;
                    }
                    if (kind == WindowKind.MIN || kind == WindowKind.MAX) extremesOf.get(window).set(slot, true);
                }
                keepS = Math.max(keepS, seconds);
                keepN = Math.max(keepN, events); // a window's events stay held until out of it (its front is read)
            }
            int lag = f.lag() == null ? 0 : f.lag();
            keepN = Math.max(keepN, lag);
            int residual = -1;
            if (kind == WindowKind.RESIDUAL) {
                residuals.add(f);
                residual = residuals.size() - 1;
            }
            stepList.add(new Step(kind, window, slot, column, lag, f.cyclic(), f.resolvedSeason(), residual, out));
            out += FeatureNames.of(f).size();
        }
        this.windows = new Window[spans.size()];
        int stats = 0;
        int deques = 0;
        for (int w = 0; w < windows.length; w++) {
            int[] columns = columnsOf.get(w).stream().mapToInt(Integer::intValue).toArray();
            boolean[] extremes = new boolean[columns.length];
            for (int c = 0; c < columns.length; c++) extremes[c] = extremesOf.get(w).get(c);
            windows[w] = new Window(spans.get(w)[0], (int) spans.get(w)[1], columns, extremes, new WindowState(w, stats, deques, columns));
            stats += columns.length * WindowState.STATS;
            deques += 2 * columns.length;
        }
        this.statsWidth = stats;
        this.dequesWidth = deques;
        this.steps = stepList.toArray(Step[]::new);
        this.residualFeatures = List.copyOf(residuals);
        this.keepEvents = keepN;
        this.keepSeconds = keepS;
    }

    private static int indexOf(List<double[]> spans, double seconds, int events) {
        for (int i = 0; i < spans.size(); i++) {
            if (spans.get(i)[0] == seconds && spans.get(i)[1] == events) return i;
        }
        return -1;
    }

    int width() {
        return outputNames.size();
    }

    EntityHistory newHistory(Baselines.Entity baselines) {
        return newHistory(cap, baselines);
    }

    EntityHistory newHistory(int capacity, Baselines.Entity baselines) {
        SeqDeque[] deques = new SeqDeque[dequesWidth];
        int at = 0;
        for (Window w : windows) {
            for (boolean extreme : w.extremes) {
                if (extreme) {
                    deques[at] = new SeqDeque();
                    deques[at + 1] = new SeqDeque();
                }
                at += 2;
            }
        }
        return new EntityHistory(valueColumns.size(), capacity, baselines, windows.length, statsWidth, deques);
    }

    /** The local time of an event, for the calendar features and the seasons. */
    double local(double time) {
        return clock.local(time);
    }

    /**
     * Takes one event of an entity ({@code history}; null for an event without a key) and writes
     * its features to {@code out}: the event joins the history in time order and its features see
     * the events held at or before it. A late event older than everything a full history holds is
     * answered from itself alone and not kept.
     */
    void update(EntityHistory history, double time, double[] row, double[] out, WindowScan scan, Baselines baselines) {
        if (history == null) {
            compute(null, 0, time, row, out, null, baselines, Baselines.Entity.NONE);
            return;
        }
        int p = history.positionOf(time);
        if (p == history.size()) {
            append(history, time, row); // a full history lets its oldest go: the event is the last, wherever that is now
            compute(history, history.size() - 1, time, row, out, null, baselines, history.baselines);
            history.evict(keepEvents, keepSeconds);
        } else if (history.tooOld(p)) {
            EntityHistory alone = scan.alone();
            alone.clear();
            alone.insert(0, time, row);
            compute(alone, 0, time, row, out, scan, baselines, history.baselines);
        } else {
            p = history.insert(p, time, row);
            compute(history, p, time, row, out, scan, baselines, history.baselines);
            rebuild(history);
            history.evict(keepEvents, keepSeconds);
        }
    }

    /** Takes an event into the history without computing its features (a restore replaying the log): as {@link #update}. */
    void absorb(EntityHistory history, double time, double[] row) {
        int p = history.positionOf(time);
        if (p == history.size()) {
            append(history, time, row);
        } else if (history.tooOld(p)) {
            return;
        } else {
            history.insert(p, time, row);
            rebuild(history);
        }
        history.evict(keepEvents, keepSeconds);
    }

    /** The newest event joins the history and each window moves on to it. */
    private void append(EntityHistory h, double time, double[] row) {
        if (h.size() == cap) { // full: the oldest goes, from every window still holding it first
            long oldest = h.seq(0);
            for (Window w : windows) {
                if (w.state.count(h) > 0 && w.state.front(h) == oldest) w.state.removeFront(h);
            }
            h.dropOldest();
        }
        h.insert(h.size(), time, row);
        long seq = h.seq(h.size() - 1);
        for (Window w : windows) {
            WindowState state = w.state;
            state.add(h, seq);
            if (w.events > 0) {
                while (state.count(h) > w.events) state.removeFront(h);
            } else {
                while (h.timeAt(state.front(h)) <= time - w.seconds) state.removeFront(h);
            }
            if (state.turnedOver(h)) state.recount(h, state.front(h), seq); // the rounding of its removals goes with it
        }
    }

    /** After a late event moved the events after it: each window again, from the events of the latest one's. */
    private void rebuild(EntityHistory h) {
        double latest = h.latest();
        int last = h.size() - 1;
        for (Window w : windows) {
            int first = last;
            if (w.events > 0) {
                first = Math.max(0, last - w.events + 1);
            } else {
                while (first > 0 && h.time(first - 1) > latest - w.seconds) first--;
            }
            w.state.recount(h, h.seq(first), h.seq(last));
        }
    }

    /**
     * The features of the event at {@code p}: from its entity's windows when it is the latest
     * ({@code scan} null), else measured by a scan of its past ({@link WindowScan}).
     */
    private void compute(EntityHistory h, int p, double time, double[] row, double[] out, WindowScan scan, Baselines baselines,
                         Baselines.Entity entity) {
        if (h != null && scan != null) {
            for (int w = 0; w < windows.length; w++) scan.measure(w, h, p, time, windows[w]);
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
                default -> out[o] = h == null ? Double.NaN
                        : scan != null ? scan.statistic(step.window, step.slot, step.kind, windows[step.window].seconds)
                        : statistic(h, time, step.slot, step.kind, windows[step.window]);
            }
        }
    }

    /** A window statistic from the entity's window state, for its latest event. */
    private static double statistic(EntityHistory h, double time, int slot, WindowKind kind, Window window) {
        WindowState s = window.state;
        long n = slot < 0 ? 0 : s.values(h, slot);
        return switch (kind) {
            case MEAN -> n > 0 ? s.sum(h, slot) / n : Double.NaN;
            case STD -> n > 1 ? Math.sqrt(s.variance(h, slot)) : Double.NaN;
            case MIN -> n > 0 ? s.min(h, slot) : Double.NaN;
            case MAX -> n > 0 ? s.max(h, slot) : Double.NaN;
            case SUM -> n > 0 ? s.sum(h, slot) : Double.NaN; // no value known is not 0 bytes (as pandas has it)
            case COUNT -> slot < 0 ? s.count(h) : n;
            case RATE -> {
                if (slot >= 0 && n == 0) yield Double.NaN;
                if (window.seconds > 0) yield (slot < 0 ? s.count(h) : s.sum(h, slot)) / window.seconds;
                double span = time - h.timeAt(s.front(h));
                double first = slot < 0 ? 1 : h.valueAt(s.front(h), window.columns[slot]);
                double after = slot < 0 ? s.count(h) - 1 : s.sum(h, slot) - (Double.isNaN(first) ? 0 : first);
                yield span > 0 ? after / span : Double.NaN;
            }
            default -> throw new IllegalStateException(kind + " is not a window statistic");
        };
    }
}
