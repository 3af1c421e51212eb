package io.vigil.server.monitoring.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One retraining trigger, as {@code GET /ml/models/{id}/retraining/history} lists it: why it fired
 * ({@code reason}: drift, accuracy, schedule, manual; the {@code observed} value against the
 * {@code threshold}; {@code detail}), who fired it ({@code vigil} on its own, or the person who asked),
 * the deployed version it started from, what it trained on, its job, and the {@code outcome}:
 * {@code training}, then {@code promoted}, {@code kept_champion}, {@code challenger}, {@code registered}
 * or {@code failed} ({@code not_started} when no job could be queued), with the figures of the
 * comparison with the champion.
 *
 * @param baseDatasetId     the deployed version's training dataset
 * @param feedbackDatasetId the feedback-labelled predictions made into a dataset, when the policy includes them
 * @param trainingDatasetId what the job trained on: the base dataset, or base and feedback joined
 * @param feedbackUntil     the feedback taken covers predictions made before this instant
 * @param comparison        the figures of both versions on the same held-out rows, once decided
 */
public record Trigger(UUID id, UUID modelId, String reason, Double observed, Double threshold, Map<String, Object> detail,
                      Instant triggeredAt, String triggeredBy, int championVersion, String promotion, UUID jobId,
                      UUID baseDatasetId, UUID feedbackDatasetId, UUID trainingDatasetId, int feedbackRows, Instant feedbackUntil,
                      String outcome, String outcomeDetail, Integer newVersion, JsonNode comparison, Instant decidedAt) {
    static final String TRAINING = "training";
    static final String DECIDING = "deciding";
    public static final String PROMOTED = "promoted";
    static final String KEPT_CHAMPION = "kept_champion";
    static final String CHALLENGER = "challenger";
    static final String REGISTERED = "registered";
    static final String FAILED = "failed";
    static final String NOT_STARTED = "not_started";
}
