package io.vigil.engine.features;

import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Fits a {@link Pipeline} from a {@link PipelineSpec} and training data. Columns that cannot
 * inform a model are left out as if dropped, so records may still carry them: a column without a
 * single value, an identifier-like category (see {@link #looksLikeIdentifier}) and a row number
 * (see {@link #looksLikeRowNumber}).
 */
final class PipelineFitter {
    /** A category column with more distinct values than this, and than half its rows, is an identifier. */
    static final int IDENTIFIER_MIN_DISTINCT = 100;

    private PipelineFitter() {
    }

    static Pipeline fit(Table table, PipelineSpec spec) {
        if (spec.target() != null && !table.has(spec.target())) {
            throw new IllegalArgumentException("target column '" + spec.target() + "' not in " + table.columnNames());
        }
        for (String d : spec.drop()) {
            if (!table.has(d)) throw new IllegalArgumentException("column to drop '" + d + "' not in " + table.columnNames());
        }
        List<InputField> inputs = new ArrayList<>();
        List<FeatureEncoder> encoders = new ArrayList<>();
        TreeSet<String> dropped = new TreeSet<>(spec.drop());
        for (Column column : table.columns()) {
            if (column.name().equals(spec.target()) || spec.drop().contains(column.name())) continue;
            if (isEmpty(column) || looksLikeIdentifier(column) || looksLikeRowNumber(column)) {
                dropped.add(column.name());
                continue;
            }
            inputs.add(new InputField(column.name(), column.kind(), hasMissing(column), column.type()));
            encoders.add(column instanceof NumericColumn n ? numeric(n, spec) : categorical((CategoricalColumn) column, spec));
        }
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("no feature columns left after dropping " + dropped
                    + " (columns without values, identifier-like categories and row numbers are left out)");
        }
        List<String> classes = spec.target() == null ? List.of() : classes(table.column(spec.target()), spec.positiveClass());
        return new Pipeline(inputs, encoders, spec.target(), classes, List.copyOf(dropped));
    }

    /**
     * Distinct whole numbers that fill most of their range: a row number (pandas' unnamed index,
     * UNSW-NB15's {@code id}). In a file sorted by time or by class it tells the label apart within
     * the file and nothing about a live event. A training split keeps part of the rows, so the
     * values need only cover half their range, not all of it.
     */
    static boolean looksLikeRowNumber(Column column) {
        if (!(column instanceof NumericColumn n)) return false;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int present = 0;
        for (double v : n.values()) {
            if (Double.isNaN(v)) continue;
            if (v != Math.rint(v)) return false;
            min = Math.min(min, v);
            max = Math.max(max, v);
            present++;
        }
        if (present <= IDENTIFIER_MIN_DISTINCT || max - min + 1 > 2.0 * present) return false;
        java.util.BitSet seen = new java.util.BitSet((int) (max - min + 1));
        for (double v : n.values()) {
            if (Double.isNaN(v)) continue;
            int at = (int) (v - min);
            if (seen.get(at)) return false;
            seen.set(at);
        }
        return true;
    }

    private static boolean isEmpty(Column column) {
        for (int r = 0; r < column.size(); r++) {
            if (!column.isMissing(r)) return false;
        }
        return true;
    }

    /**
     * A category with a value for nearly every row (flow ids, session ids, unparsed timestamps,
     * source addresses of a scan): its codes only number the training rows, so a tree would split
     * on noise and a live event would always bring an unseen value.
     */
    static boolean looksLikeIdentifier(Column column) {
        if (!(column instanceof CategoricalColumn c)) return false;
        int distinct = 0;
        int present = 0;
        for (int count : c.counts()) {
            if (count > 0) {
                distinct++;
                present += count;
            }
        }
        return distinct > IDENTIFIER_MIN_DISTINCT && distinct * 2L > present;
    }

    static NumericEncoder numeric(NumericColumn column, PipelineSpec spec) {
        double[] present = Arrays.stream(column.values()).filter(v -> !Double.isNaN(v)).toArray();
        if (present.length == 0) present = new double[] {0};
        double mean = Arrays.stream(present).average().orElse(0);
        double fill = switch (spec.imputation()) {
            case MEAN -> mean;
            case MEDIAN -> median(present);
            case MOST_FREQUENT -> mostFrequent(present);
            case NATIVE -> Double.NaN;
        };
        double center = 0;
        double scale = 1;
        switch (spec.scaling()) {
            case STANDARD -> {
                double ss = 0;
                for (double v : present) ss += (v - mean) * (v - mean);
                double sd = Math.sqrt(ss / present.length);
                center = mean;
                scale = sd > 0 ? sd : 1;
            }
            case MIN_MAX -> {
                double min = Arrays.stream(present).min().orElse(0);
                double max = Arrays.stream(present).max().orElse(0);
                center = min;
                scale = max > min ? max - min : 1;
            }
            case NONE -> { }
        }
        return new NumericEncoder(column.name(), fill, center, scale);
    }

    static FeatureEncoder categorical(CategoricalColumn column, PipelineSpec spec) {
        List<String> byFrequency = byFrequency(column);
        boolean impute = spec.imputation() != Imputation.NATIVE && !byFrequency.isEmpty();
        if (spec.encoding() == CategoricalEncoding.ONE_HOT) {
            List<String> kept = byFrequency.subList(0, Math.min(spec.maxOneHotValues(), byFrequency.size()));
            return new OneHotEncoder(column.name(), kept, impute ? byFrequency.get(0) : null);
        }
        return new OrdinalEncoder(column.name(), byFrequency, impute ? 0f : Float.NaN,
                spec.unseenStandsOut() ? (float) byFrequency.size() : null);
    }

    /** Distinct values, most frequent first; ties keep order of first appearance (stable). */
    static List<String> byFrequency(CategoricalColumn column) {
        int[] counts = column.counts();
        return IntStream.range(0, counts.length).boxed()
                .filter(code -> counts[code] > 0)
                .sorted(Comparator.comparingInt(code -> -counts[code]))
                .map(column.dictionary()::get)
                .toList();
    }

    static List<String> classes(Column target, String positiveClass) {
        TreeSet<String> distinct = new TreeSet<>();
        for (int r = 0; r < target.size(); r++) {
            String t = target.text(r);
            if (t != null) distinct.add(t);
        }
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("target '" + target.name() + "' needs at least 2 classes, found " + distinct);
        }
        if (distinct.size() > Pipeline.MAX_CLASSES) { // one tree per class and round: a measurement as target would exhaust memory
            throw new IllegalArgumentException("target '" + target.name() + "' has " + distinct.size() + " distinct values; a classifier "
                    + "takes at most " + Pipeline.MAX_CLASSES + " classes: choose a label column, or map the values to classes first");
        }
        List<String> classes = new ArrayList<>(distinct);
        if (positiveClass != null) {
            if (!classes.remove(positiveClass)) {
                throw new IllegalArgumentException("positive class '" + positiveClass + "' not among " + distinct);
            }
            classes.add(positiveClass);
        }
        return classes;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mostFrequent(double[] values) {
        Map<Double, Integer> counts = new HashMap<>();
        double best = values[0];
        int bestCount = 0;
        for (double v : values) {
            int c = counts.merge(v, 1, Integer::sum);
            if (c > bestCount || (c == bestCount && v < best)) {
                best = v;
                bestCount = c;
            }
        }
        return best;
    }

    private static boolean hasMissing(Column column) {
        for (int r = 0; r < column.size(); r++) {
            if (column.isMissing(r)) return true;
        }
        return false;
    }
}
