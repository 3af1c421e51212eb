package io.vigil.server.monitoring.retraining;

import java.util.Map;
import java.util.UUID;

/**
 * A retrained version against the deployed one, on the same rows, as recorded with the trigger.
 *
 * @param improvement    how much better the new version is on {@code metric} (negative: worse; for log loss, lower is better)
 * @param better         whether it passed: better by at least {@code minImprovement}, and better at all
 * @param rows           which rows, in words; {@code rowsDatasetId} the dataset they come from
 */
record Comparison(String metric, int champion, int challenger, double championValue, double challengerValue, double improvement,
                  double minImprovement, boolean better, Map<String, Double> championMetrics, Map<String, Double> challengerMetrics,
                  String rows, UUID rowsDatasetId, int rowCount) {}
