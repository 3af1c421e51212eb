package io.vigil.engine.windows;

import java.util.List;
import java.util.stream.Collectors;

/** A {@link WindowSpec} that cannot be used; {@link #problems()} names each bad field. */
public final class InvalidWindowSpecException extends IllegalArgumentException {
    private final List<SpecProblem> problems;

    public InvalidWindowSpecException(List<SpecProblem> problems) {
        super("invalid window spec: " + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
