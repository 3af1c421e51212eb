package io.vigil.server.monitoring.experiments;

/**
 * How the challenger's figure differs from the champion's: the difference (challenger minus
 * champion), the two-sided p-value of "no difference", and the confidence interval of the difference.
 *
 * @param level    the interval's confidence, e.g. 0.95
 * @param test     the test that gave the p-value
 * @param interval the method of the interval
 */
public record Comparison(double difference, double pValue, double low, double high, double level, String test, String interval) {}
