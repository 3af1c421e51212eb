package io.vigil.engine.rules;

import java.util.List;

/**
 * One fast rule: when its conditions hold ({@link Match#ALL} of them, or {@link Match#ANY}), it
 * fires with its threat score.
 *
 * @param name        unique in its set, case ignored; named in verdicts and events
 * @param description what it detects, for analysts (may be null)
 * @param match       all or any of the conditions
 * @param conditions  at least one
 * @param threat      the threat score it gives, from 0 to 1
 * @param enabled     a disabled rule is kept but never evaluated
 */
public record Rule(String name, String description, Match match, List<Condition> conditions, double threat, boolean enabled) {
    public Rule {
        conditions = List.copyOf(conditions);
    }
}
