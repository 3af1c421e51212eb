package io.vigil.engine.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that cannot be used; {@link #problems()} names each bad field by its JSON path. */
public final class InvalidRuleSetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public InvalidRuleSetException(List<RuleProblem> problems) {
        super("invalid rule set: " + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
