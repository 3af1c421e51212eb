package io.vigil.engine.data;

/**
 * A value and how often it occurs.
 *
 * @param fraction count divided by the column's non-missing count (0..1)
 */
public record ValueCount(String value, long count, double fraction) {
}
