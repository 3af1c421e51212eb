package io.vigil.server.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An incident's report: what happened and the ML insights behind it. Computed from the incident's
 * events when asked (at most {@link IncidentReports#EVENTS} of them, the latest; {@code eventsRead} says how many).
 *
 * @param models          each model version involved: its verdicts, scores, confidence, and state at the time
 * @param topFeatures     the inputs that drove its verdicts, summed over its events' explanations
 * @param rules           the rules that fired and how often
 * @param divergence      the verdicts on which the model and the rules disagreed, by direction
 * @param similarPast     the most similar earlier events outside this incident and how their incidents ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentReport(Incident incident, Instant generatedAt, int eventsRead, Map<String, Long> kinds, Map<String, Long> severities,
                             Entities entities, List<ModelInsight> models, List<FeatureInsight> topFeatures, List<RuleCount> rules,
                             Map<String, Long> divergence, List<UUID> divergentExamples, List<SimilarPast> similarPast,
                             List<IncidentActivity> activity) {

    /** The entity keys seen in the incident's events. */
    public record Entities(List<String> sourceHosts, List<String> destinationHosts, List<String> assets, List<String> users) {}

    /**
     * One model version's part: how many verdicts, their final and ML scores (mean, highest), the
     * mean confidence of its label, the labels it gave, and its state (name, health, drift) then.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInsight(UUID modelId, Integer version, String modelType, long events, double meanScore, double maxScore,
                               Double meanMlScore, Double meanConfidence, Map<String, Long> labels, Map<String, Object> state) {}

    /** One input: in how many explanations it appeared, its mean contribution and mean absolute contribution. */
    public record FeatureInsight(String feature, long events, double meanContribution, double meanAbsContribution) {}

    public record RuleCount(String rule, long events) {}

    /** A similar earlier event, and the incident it belonged to (its status says how it ended). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SimilarPast(UUID eventId, double similarity, String title, Instant at, String severity, UUID incidentId,
                              String incidentStatus, String incidentTitle) {}
}
