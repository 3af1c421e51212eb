package io.vigil.server.anomaly;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One point's verdict in {@code POST /ml/anomaly/detect}'s answer.
 *
 * @param score     the anomaly score in [0, 1]
 * @param isAnomaly whether {@code score} reached the asset's threshold
 * @param values    the metrics' values at that time
 * @param drivers   what drove the score, largest first: each metric or feature with its {@code score} and, for the
 *                  statistical method, how many spreads it lay outside the baseline ({@code deviations}) and the
 *                  baseline ({@code median}/{@code mean}, {@code spread})
 * @param baseline  how many past values the statistical baseline held (the smallest over the point's metrics)
 * @param warmingUp no metric's baseline held the minimum number of past values yet: the score says nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PointScore(Instant timestamp, double score, boolean isAnomaly, Map<String, Double> values, List<Map<String, Object>> drivers,
                         Integer baseline, Boolean warmingUp) {}
