package io.vigil.server.anomaly;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.securityevents.SecurityEvent;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /ml/anomaly/detect}'s answer.
 *
 * @param method    {@code model} (the asset's trained detector, {@code modelId} and {@code version}) or
 *                  {@code statistical} (no detector yet: the fallback over the asset's recent history,
 *                  by {@code statistic})
 * @param events    the security events these points opened, extended or ended
 * @param note      why a trained detector was not used, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DetectAnswer(String assetId, String method, String statistic, UUID modelId, Integer version, double threshold,
                           int scored, int anomalies, List<PointScore> points, List<SecurityEvent> events, String note) {}
