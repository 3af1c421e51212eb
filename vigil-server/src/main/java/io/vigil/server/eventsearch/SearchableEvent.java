package io.vigil.server.eventsearch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A security event as search knows it: the only shape of an event this package sees. The lead's
 * {@code securityevents} fills it; nothing here imports that package.
 *
 * @param id         the event's id ({@code security_events.id}); indexing it again replaces it
 * @param modelType  the model type whose verdict made it, or null (an anomaly, an external event without one);
 *                   events without a model type are found by words, never by {@code similar}
 * @param at         when it happened; time filters and time words read it
 * @param severity   {@code info}, {@code warning} or {@code critical} (any lower-case word is kept as given)
 * @param divergent  whether the rules and the ML model disagreed beyond the margin
 * @param rulesFired the names of the rules that fired (empty when none)
 * @param input      the raw input fields, numbers or strings; the feature vector is made of its numbers
 * @param text       the event as text ({@link EventText#render}); embedded for search in words
 */
public record SearchableEvent(UUID id, String modelType, Instant at, String severity, boolean divergent, List<String> rulesFired,
                              Map<String, Object> input, String text) {
    public SearchableEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        severity = severity == null ? "info" : severity;
        rulesFired = rulesFired == null ? List.of() : List.copyOf(rulesFired);
        input = input == null ? Map.of() : input;
        text = text == null ? "" : text;
    }
}
