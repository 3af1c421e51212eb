package io.vigil.engine.rules;

/**
 * One thing wrong with a rule set: where, as a path in its JSON ({@code rules[2].conditions[0].op};
 * empty for the document itself), and what.
 */
public record RuleProblem(String field, String message) {

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
