package io.vigil.server.eventsearch;

import io.vigil.server.core.VigilException;
import java.time.Instant;
import java.util.Set;

/**
 * The structured filters both searches take; every one is optional (null: any) and they all must hold.
 *
 * @param from       events at or after this time
 * @param to         events before this time
 * @param severities events of one of these severities (null or empty: any)
 * @param modelType  events of this model type
 * @param divergent  events that are (true) or are not (false) divergent
 * @param rule       events where this rule fired
 * @param ruleFired  events where some rule fired (true) or none did (false)
 */
public record SearchFilters(Instant from, Instant to, Set<String> severities, String modelType, Boolean divergent, String rule,
                            Boolean ruleFired) {
    /** No filter at all. */
    public static final SearchFilters NONE = new SearchFilters(null, null, null, null, null, null, null);

    public SearchFilters {
        severities = severities == null || severities.isEmpty() ? null : Set.copyOf(severities);
        modelType = blankToNull(modelType);
        rule = blankToNull(rule);
    }

    /** Refuses a range a caller gave that is empty ({@code from} not before {@code to}), naming the field. */
    public SearchFilters checked() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw VigilException.invalid("from", "must be before 'to' (" + from + " is not before " + to + ")");
        }
        return this;
    }

    /** These filters with the time range narrowed to [from, to) too (an empty intersection matches nothing). */
    public SearchFilters withTime(Instant newFrom, Instant newTo) {
        Instant f = from == null || (newFrom != null && newFrom.isAfter(from)) ? newFrom : from;
        Instant t = to == null || (newTo != null && newTo.isBefore(to)) ? newTo : to;
        return new SearchFilters(f, t, severities, modelType, divergent, rule, ruleFired);
    }

    public SearchFilters withSeverities(Set<String> s) {
        return new SearchFilters(from, to, s, modelType, divergent, rule, ruleFired);
    }

    public SearchFilters withModelType(String m) {
        return new SearchFilters(from, to, severities, m, divergent, rule, ruleFired);
    }

    public SearchFilters withDivergent(Boolean d) {
        return new SearchFilters(from, to, severities, modelType, d, rule, ruleFired);
    }

    public SearchFilters withRuleFired(Boolean r) {
        return new SearchFilters(from, to, severities, modelType, divergent, rule, r);
    }

    /** Whether no filter is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
