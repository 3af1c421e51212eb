package io.vigil.engine.rules;

import java.util.List;

/**
 * What the rules say of one record.
 *
 * @param threat the highest threat of the rules that fired; 0 when none did
 * @param fired  the names of the rules that fired, in the set's order
 */
public record RuleVerdict(double threat, List<String> fired) {
    /** No rule fired. */
    public static final RuleVerdict NONE = new RuleVerdict(0, List.of());

    public RuleVerdict {
        fired = List.copyOf(fired);
    }

    public boolean anyFired() {
        return !fired.isEmpty();
    }
}
