package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.ModelRef;
import java.util.Map;
import java.util.UUID;

/**
 * The answer for one record. {@code confidence} is the probability of the predicted class;
 * {@code anomalyScore}/{@code anomaly} only for anomaly detectors; {@code experiment} only when an
 * experiment routed it (which one, and which arm answered); {@code explanation} only when asked for;
 * {@code windowFeatures} only for a model with window features: the values the server computed from the
 * entity's events and the model read (null where a window held no value); {@code threat} the verdict's
 * dual score (the model's, the rules', the final one) when its model type's verdicts are judged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResult(UUID predictionId, String label, Map<String, Double> probabilities, double confidence,
                               Double anomalyScore, Boolean anomaly, ModelRef model, ExperimentArm experiment,
                               PredictionExplanation explanation, Map<String, Double> windowFeatures, ThreatVerdict threat) {

    /** An answer without window features. */
    public PredictionResult(UUID predictionId, String label, Map<String, Double> probabilities, double confidence, Double anomalyScore,
                            Boolean anomaly, ModelRef model, ExperimentArm experiment, PredictionExplanation explanation) {
        this(predictionId, label, probabilities, confidence, anomalyScore, anomaly, model, experiment, explanation, null, null);
    }

    PredictionResult withWindowFeatures(Map<String, Double> values) {
        return new PredictionResult(predictionId, label, probabilities, confidence, anomalyScore, anomaly, model, experiment, explanation,
                values, threat);
    }

    PredictionResult withThreat(ThreatVerdict verdict) {
        return new PredictionResult(predictionId, label, probabilities, confidence, anomalyScore, anomaly, model, experiment, explanation,
                windowFeatures, verdict);
    }
}
