package io.vigil.engine.windows;

/**
 * One thing wrong with a {@link WindowSpec}: the field, as a path in the spec's JSON
 * ({@code features[2].window}), and what is wrong with it.
 */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
