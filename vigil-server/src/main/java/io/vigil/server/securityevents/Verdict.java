package io.vigil.server.securityevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * What a verdict said, kept with its event: the model's threat score and the rules' (maximum
 * threat wins: the event's {@code score} is the higher), the rules that fired, whether they
 * disagreed with the model, and the explanation's top contributing features.
 *
 * @param mlScore      the model's threat score, 0..1 (null when the model gives none, e.g. multiclass without a normal class)
 * @param ruleScore    the highest threat of the rules that fired, 0 when none did; null when the model type has no rules
 * @param divergence   {@code rules_only} (rules said attack, the model benign), {@code ml_only} (the reverse), or null
 * @param topFeatures  the explanation: {@code feature}, {@code value}, {@code contribution}, largest first
 * @param normalClass  the model's class that means benign (null for detectors, and classifiers without one):
 *                     the label a false positive is given back as
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(UUID predictionId, String label, Double confidence, Double mlScore, Double ruleScore, Double threshold,
                      String divergence, List<String> rulesFired, List<Contribution> topFeatures, String normalClass) {

    public Verdict {
        rulesFired = rulesFired == null ? List.of() : List.copyOf(rulesFired);
        topFeatures = topFeatures == null ? List.of() : List.copyOf(topFeatures);
    }

    /** One input of the explanation: its value and how far it pushed the model's margin. */
    public record Contribution(String feature, Object value, double contribution) {}
}
