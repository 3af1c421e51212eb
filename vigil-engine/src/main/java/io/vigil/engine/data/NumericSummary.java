package io.vigil.engine.data;

import java.util.Map;

/**
 * Summary of a numeric column's non-missing values.
 *
 * @param min            exact
 * @param max            exact
 * @param mean           exact (Welford)
 * @param std            sample standard deviation (n-1 denominator), 0 for one value
 * @param quantiles      "p1","p5","p25","p50","p75","p95","p99" by nearest rank
 * @param quantilesExact false when quantiles and histogram come from a KLL sketch
 * @param histogram      equal-width bins over [min, max]
 */
public record NumericSummary(double min, double max, double mean, double std, Map<String, Double> quantiles,
                             boolean quantilesExact, Histogram histogram) {
}
