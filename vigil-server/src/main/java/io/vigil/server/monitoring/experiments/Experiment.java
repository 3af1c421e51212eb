package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.serving.models.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An A/B test or shadow comparison of a challenger version against the champion deployed for a
 * detection slot, as stored ({@code experiments}, V16).
 *
 * @param mode          {@code ab} or {@code shadow}
 * @param split         ab: the challenger's share of the traffic; shadow: the share copied to it
 * @param stickyKey     a field of the record or {@code header:<Name>}; null: each request drawn at random
 * @param positiveClass the attack class precision, recall and F1 are of; null: every class but {@code normalClass}
 * @param normalClass   the versions' normal class, if they have one
 * @param looks         significance tests taken so far: look k comes at {@code minSamples x 2^k} feedback per arm
 * @param decision      the figures it ended on (null while running)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(UUID id, String name, String modelType, VersionRef champion, VersionRef challenger, String mode, double split,
                         String stickyKey, PrimaryMetric primaryMetric, String positiveClass, String normalClass, int minSamples,
                         double alpha, boolean autoPromote, boolean autoStop, Integer maxDurationMinutes, ExperimentStatus status,
                         int looks, Instant startedAt, String startedBy, Instant endedAt, String endedBy, String endReason,
                         JsonNode decision) {

    @JsonIgnore
    public boolean isShadow() {
        return ExperimentRequest.SHADOW.equals(mode);
    }

    /** Whether its maximum duration has passed at {@code now}. */
    boolean overdue(Instant now) {
        return maxDurationMinutes != null && !now.isBefore(startedAt.plus(Duration.ofMinutes(maxDurationMinutes)));
    }

    /** How serving routes by it. */
    TrafficSplit trafficSplit() {
        return new TrafficSplit(id, modelType, champion.modelId(), champion.version(), challenger.modelId(), challenger.version(),
                isShadow() ? TrafficSplit.Mode.SHADOW : TrafficSplit.Mode.AB, split, stickyKey);
    }

    /** Whether a row's label is the attack class the metrics are of. */
    boolean positive(String label) {
        return positiveClass != null ? positiveClass.equals(label) : normalClass != null && !normalClass.equals(label);
    }
}
