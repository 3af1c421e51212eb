package io.vigil.engine.data;

import java.util.List;

/**
 * Profile of one column.
 *
 * @param count          non-missing cells
 * @param missing        missing cells ({@link Cells#isMissing})
 * @param completeness   percent of rows with a value, 0..100
 * @param distinct       distinct non-missing values (exact, or an HLL estimate)
 * @param distinctExact  false when {@code distinct} is an estimate (more than 10,000 values)
 * @param numeric        for NUMERIC and INTEGER columns, else null
 * @param topValues      the 10 most frequent values, for every type (empty when all missing)
 * @param topValuesExact false when the counts are frequent-items estimates (more than 1,000 values)
 */
public record ColumnProfile(String name, ColumnType type, long count, long missing, double completeness,
                            long distinct, boolean distinctExact, NumericSummary numeric,
                            List<ValueCount> topValues, boolean topValuesExact) {
}
