package io.vigil.engine.rules;

import io.vigil.engine.data.NumberSyntax;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The compiled form of each operator; operands are converted once, here. */
final class FieldTests {

    private FieldTests() {
    }

    static CompiledCondition of(Condition.FieldTest c) {
        String f = c.field();
        JsonNode v = c.value();
        return switch (c.op()) {
            case GT, GE, LT, LE -> new Compare(f, c.op(), v.doubleValue());
            case EQ -> new Equals(f, v, c.ignoreCase());
            case NE -> new NotEquals(new Equals(f, v, c.ignoreCase()));
            case IN -> new In(f, v, c.ignoreCase(), true);
            case NOT_IN -> new In(f, v, c.ignoreCase(), false);
            case CONTAINS, STARTS_WITH, ENDS_WITH -> new Text(f, c.op(), v.asText(), c.ignoreCase());
            case EXISTS -> new CompiledCondition.Present(f, true);
            case MISSING -> new CompiledCondition.Present(f, false);
        };
    }

    /** {@code >}, {@code >=}, {@code <}, {@code <=}: a value that is no number fails. */
    static final class Compare extends CompiledCondition.OfField {
        private final Operator op;
        private final double bound;

        Compare(String field, Operator op, double bound) {
            super(field);
            this.op = op;
            this.bound = bound;
        }

        @Override
        boolean holds(Object value) {
            double x = number(value); // NaN fails every comparison
            return switch (op) {
                case GT -> x > bound;
                case GE -> x >= bound;
                case LT -> x < bound;
                default -> x <= bound;
            };
        }
    }

    /**
     * {@code ==}: numbers numerically (a text that writes a number included; booleans as 1 and 0),
     * texts as texts, booleans as booleans or the texts {@code true} and {@code false}.
     */
    static final class Equals extends CompiledCondition.OfField {
        private final String text;       // the operand as text, or null for a number or boolean operand
        private final double number;     // the operand as a number: a number, a numeric text, a boolean as 1/0; else NaN
        private final Boolean bool;      // a boolean operand, or a text "true"/"false"; else null
        private final boolean ignoreCase;

        Equals(String field, JsonNode operand, boolean ignoreCase) {
            super(field);
            this.ignoreCase = ignoreCase;
            if (operand.isNumber()) {
                text = null;
                number = operand.doubleValue();
                bool = null;
            } else if (operand.isBoolean()) {
                text = null;
                number = operand.booleanValue() ? 1 : 0;
                bool = operand.booleanValue();
            } else {
                text = operand.asText();
                number = NumberSyntax.valueOf(text);
                bool = text.equalsIgnoreCase("true") ? Boolean.TRUE : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
        }

        @Override
        boolean holds(Object value) {
            if (value instanceof String s) {
                if (text != null) return ignoreCase ? text.equalsIgnoreCase(s) : text.equals(s);
                if (bool != null) return s.equalsIgnoreCase(bool ? "true" : "false");
                return NumberSyntax.valueOf(s) == number;
            }
            if (value instanceof Boolean b) return bool != null ? b.equals(bool) : number == (b ? 1 : 0);
            if (value instanceof Number n) return n.doubleValue() == number;
            return false;
        }
    }

    /** {@code !=}: a present value that {@code ==} does not hold of. */
    static final class NotEquals extends CompiledCondition.OfField {
        private final Equals equals;

        NotEquals(Equals equals) {
            super(equals.field);
            this.equals = equals;
        }

        @Override
        boolean holds(Object value) {
            return !equals.holds(value);
        }
    }

    /**
     * {@code in}, {@code not_in}: texts in a hash set (lower-cased when case is ignored), numbers
     * (and the list's texts that write one) in a sorted array searched without boxing.
     */
    static final class In extends CompiledCondition.OfField {
        private final Set<String> texts = new HashSet<>();
        private final double[] numbers;
        private final boolean ignoreCase;
        private final boolean member;

        In(String field, JsonNode list, boolean ignoreCase, boolean member) {
            super(field);
            this.ignoreCase = ignoreCase;
            this.member = member;
            double[] all = new double[list.size()];
            int n = 0;
            for (JsonNode item : list) {
                double x = item.isNumber() ? item.doubleValue() : NumberSyntax.valueOf(item.asText());
                if (item.isTextual()) texts.add(ignoreCase ? item.asText().toLowerCase(Locale.ROOT) : item.asText());
                if (!Double.isNaN(x)) all[n++] = x + 0.0; // -0.0 and 0.0 are one number
            }
            numbers = Arrays.copyOf(all, n);
            Arrays.sort(numbers);
        }

        @Override
        boolean holds(Object value) {
            return contains(value) == member;
        }

        private boolean contains(Object value) {
            if (value instanceof String s) {
                if (texts.contains(ignoreCase ? s.toLowerCase(Locale.ROOT) : s)) return true;
                return numbers.length > 0 && hasNumber(NumberSyntax.valueOf(s));
            }
            if (value instanceof Number n) return hasNumber(n.doubleValue());
            if (value instanceof Boolean b) return texts.contains(b ? "true" : "false");
            return false;
        }

        private boolean hasNumber(double x) {
            return !Double.isNaN(x) && Arrays.binarySearch(numbers, x + 0.0) >= 0;
        }
    }

    /** {@code contains}, {@code starts_with}, {@code ends_with}: on texts only, in time bounded by the text's length times the operand's (no regular expressions). */
    static final class Text extends CompiledCondition.OfField {
        private final Operator op;
        private final String part;
        private final boolean ignoreCase;

        Text(String field, Operator op, String part, boolean ignoreCase) {
            super(field);
            this.op = op;
            this.part = part;
            this.ignoreCase = ignoreCase;
        }

        @Override
        boolean holds(Object value) {
            if (!(value instanceof String s) || s.length() < part.length()) return false;
            int n = part.length();
            return switch (op) {
                case STARTS_WITH -> s.regionMatches(ignoreCase, 0, part, 0, n);
                case ENDS_WITH -> s.regionMatches(ignoreCase, s.length() - n, part, 0, n);
                default -> ignoreCase ? containsIgnoreCase(s) : s.contains(part);
            };
        }

        private boolean containsIgnoreCase(String s) {
            int n = part.length();
            for (int i = 0, last = s.length() - n; i <= last; i++) {
                if (s.regionMatches(true, i, part, 0, n)) return true;
            }
            return false;
        }
    }
}
