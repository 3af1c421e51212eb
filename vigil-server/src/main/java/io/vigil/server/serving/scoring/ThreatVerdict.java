package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * A prediction's threat verdict: the model's threat score and the fast rules', joined so that the
 * higher threat wins.
 *
 * @param ml         the model's threat score, 0..1 (1 − P(normal class), P(positive class) of a binary model,
 *                   a detector's anomaly score); null when the model gives none
 * @param rules      the highest threat of the rules that fired (0: none did); null when the model type has no rules
 * @param score      the final threat: the higher of the two
 * @param threshold  the model type's event threshold in effect: at or above it (or when a rule fired) the verdict is an event
 * @param rulesFired the rules that fired, in their set's order
 * @param divergence {@code rules_only} or {@code ml_only} when they disagree beyond the model type's margin; null otherwise
 * @param eventId    the security event the verdict raised, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThreatVerdict(Double ml, Double rules, double score, double threshold, List<String> rulesFired, String divergence,
                            UUID eventId) {}
