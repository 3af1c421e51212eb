package io.vigil.engine.data;

/**
 * Equal-width histogram: bin i is [edges[i], edges[i+1]), the last bin also holds the maximum.
 * Normally 20 bins over [min, max]; a single bin when all values are equal.
 *
 * @param edges  n+1 increasing bin edges
 * @param counts n counts, summing to the number of values
 */
public record Histogram(double[] edges, long[] counts) {
}
