package io.vigil.engine.data;

import java.util.List;

/**
 * One-pass profile of a table, serialisable by Jackson as is.
 *
 * @param duplicateRows      rows identical to an earlier row
 * @param duplicateRowsExact false when counted with an HLL estimate (very large tables)
 * @param labelColumn        the label column, or null
 * @param classBalance       every label value with its count and fraction of the non-missing labels,
 *                           most frequent first (ties by value); null without a label
 * @param classBalanceExact  false when the label had so many values that counts are estimates
 */
public record DatasetProfile(long rows, int columns, long duplicateRows, boolean duplicateRowsExact,
                             String labelColumn, List<ColumnProfile> columnProfiles,
                             List<ValueCount> classBalance, boolean classBalanceExact) {
}
