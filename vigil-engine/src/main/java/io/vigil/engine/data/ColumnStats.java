package io.vigil.engine.data;

import java.util.List;

/**
 * Everything the profiler accumulates for one column: counts, type evidence, distinct values,
 * value frequencies and (while the column can still be numeric) numeric statistics. Type checks
 * that have already failed are skipped, so a text column costs no number parsing after its first
 * word.
 */
final class ColumnStats {

    static final int DISTINCT_EXACT_CAP = 10_000;
    static final int VALUES_EXACT_CAP = 1_000;
    static final int LABEL_VALUES_EXACT_CAP = 10_000;
    static final int TOP_VALUES = 10;
    /** CATEGORICAL needs distinct <= max(this, 5 % of values) ... */
    static final int CATEGORICAL_MIN_DISTINCT = 50;
    /** ... and no value longer than this. */
    static final int CATEGORICAL_MAX_LENGTH = 100;

    private final String name;
    private final ColumnType declared;
    private final NumberSyntax numbers;
    /** Needed only once the value counts stop being exact (they give the distinct count until then). */
    private DistinctCounter distinct;
    private final ValueCounter values;
    private NumericStats numeric;

    private long count;
    private long missing;
    private int maxLength;
    private boolean maybeInteger;
    private boolean maybeNumber;
    private boolean maybeBoolean;
    private boolean maybeTimestamp;

    ColumnStats(String name, ColumnType declared, boolean label, NumberSyntax numbers) {
        this.name = name;
        this.declared = declared;
        this.numbers = numbers;
        this.values = new ValueCounter(label ? LABEL_VALUES_EXACT_CAP : VALUES_EXACT_CAP);
        boolean inferred = declared == null;
        boolean numericDeclared = declared == ColumnType.NUMERIC || declared == ColumnType.INTEGER;
        maybeNumber = inferred || numericDeclared;
        maybeInteger = inferred;
        maybeBoolean = inferred;
        maybeTimestamp = inferred;
        numeric = maybeNumber ? new NumericStats(values) : null;
    }

    /** Accounts one cell; returns its hash for the row hash. */
    long accept(String raw) {
        long hash = Hashing.hash(raw);
        if (Cells.isMissing(raw)) {
            missing++;
            return hash;
        }
        count++;
        if (!values.isExact()) {
            values.add(raw, hash);
            distinct.add(hash);
        } else if (values.add(raw, hash)) {
            // Too many values to count exactly: distinct counting and numeric quantiles now need
            // their own structures, seeded from the last exact counts.
            distinct = new DistinctCounter(DISTINCT_EXACT_CAP);
            values.forEachDroppedKey(distinct::add);
            distinct.add(hash);
            if (numeric != null) {
                numeric.valueCountsBecameInexact();
            }
            values.releaseDropped();
        }
        if (raw.length() > maxLength) {
            maxLength = raw.length();
        }
        if (maybeNumber) {
            if (numbers.parse(raw)) {
                numeric.add(numbers.value());
                if (maybeInteger && !numbers.isIntegral()) {
                    maybeInteger = false;
                }
            } else if (declared == null) {
                maybeNumber = false;
                maybeInteger = false;
                numeric = null; // no longer numeric: free the buffer
            }
        }
        if (maybeBoolean && ColumnType.parseBoolean(raw) == null) {
            maybeBoolean = false;
        }
        if (maybeTimestamp && TimestampSyntax.parse(raw) == null) {
            maybeTimestamp = false;
        }
        return hash;
    }

    ColumnType type() {
        if (declared != null) {
            return declared;
        }
        if (count == 0) {
            return ColumnType.TEXT;
        }
        if (maybeInteger) {
            return ColumnType.INTEGER;
        }
        if (maybeNumber) {
            return ColumnType.NUMERIC;
        }
        if (maybeBoolean) {
            return ColumnType.BOOLEAN;
        }
        if (maybeTimestamp) {
            return ColumnType.TIMESTAMP;
        }
        long categoricalLimit = Math.max(CATEGORICAL_MIN_DISTINCT, count / 20);
        long distinctCount = values.isExact() ? values.size() : distinct.count();
        return distinctCount <= categoricalLimit && maxLength <= CATEGORICAL_MAX_LENGTH
                ? ColumnType.CATEGORICAL : ColumnType.TEXT;
    }

    ColumnProfile profile(long rows) {
        ColumnType type = type();
        boolean numericType = type == ColumnType.NUMERIC || type == ColumnType.INTEGER;
        NumericSummary summary = numericType && numeric != null ? numeric.summary() : null;
        double completeness = rows == 0 ? 0 : 100.0 * count / rows;
        // While the value counts are exact they are also the exact distinct count. An estimate can
        // overshoot on near-unique columns; there cannot be more distinct values than values.
        long distinctCount = values.isExact() ? values.size() : Math.min(distinct.count(), count);
        boolean distinctExact = values.isExact() || distinct.isExact();
        return new ColumnProfile(name, type, count, missing, completeness, distinctCount, distinctExact,
                summary, values.top(TOP_VALUES, count), values.isExact());
    }

    /** All values with counts, most frequent first: the class balance of a label column. */
    List<ValueCount> allValues() {
        return values.top(Integer.MAX_VALUE, count);
    }

    boolean valuesExact() {
        return values.isExact();
    }
}
