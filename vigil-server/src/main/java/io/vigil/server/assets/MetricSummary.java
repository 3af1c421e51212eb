package io.vigil.server.assets;

/**
 * Summary statistics of one metric over a time range (PostgreSQL's aggregates: the sample standard
 * deviation, continuous quantiles). {@code std} is null for a single value.
 */
public record MetricSummary(long count, double mean, Double std, double min, double max, double p05, double p25, double median,
                            double p75, double p95) {}
