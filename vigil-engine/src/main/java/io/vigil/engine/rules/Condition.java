package io.vigil.engine.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A condition of a rule: a test of one field ({@link FieldTest}), or a group of conditions
 * ({@link Group}: all or any of them; {@link Not}: the opposite of one).
 */
public sealed interface Condition {

    /**
     * {@code {"field": "count", "op": ">=", "value": 200}}.
     *
     * @param field      the raw input field
     * @param op         the operator
     * @param value      its operand as JSON wrote it (null for {@code exists} and {@code missing})
     * @param ignoreCase text compares without regard to case (only for text operands)
     */
    record FieldTest(String field, Operator op, JsonNode value, boolean ignoreCase) implements Condition {
    }

    /** {@code {"any": [...]}} or {@code {"all": [...]}}. */
    record Group(Match match, List<Condition> conditions) implements Condition {
        public Group {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code {"not": {...}}}: true when its condition is false (a missing field included). */
    record Not(Condition condition) implements Condition {
    }
}
