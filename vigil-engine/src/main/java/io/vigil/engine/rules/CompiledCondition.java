package io.vigil.engine.rules;

import io.vigil.engine.data.NumberSyntax;
import java.util.Map;

/**
 * A compiled condition: true or false of a flattened record, without allocating when the record's
 * values are numbers, booleans or texts already in the form compared.
 */
abstract class CompiledCondition {

    abstract boolean test(Map<String, ?> record);

    /** A value no condition but {@code missing} holds of: null, or a NaN (how tables write missing numbers). */
    static boolean absent(Object v) {
        return v == null || v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN();
    }

    /** The value as a number for the numeric operators: numbers, and texts that write one; NaN otherwise. */
    static double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) return NumberSyntax.valueOf(s);
        return Double.NaN;
    }

    /** All of the tests hold (true when there are none). */
    static final class All extends CompiledCondition {
        private final CompiledCondition[] tests;

        All(CompiledCondition[] tests) {
            this.tests = tests;
        }

        @Override
        boolean test(Map<String, ?> record) {
            for (CompiledCondition t : tests) {
                if (!t.test(record)) return false;
            }
            return true;
        }
    }

    /** One of the tests holds. */
    static final class Any extends CompiledCondition {
        private final CompiledCondition[] tests;

        Any(CompiledCondition[] tests) {
            this.tests = tests;
        }

        @Override
        boolean test(Map<String, ?> record) {
            for (CompiledCondition t : tests) {
                if (t.test(record)) return true;
            }
            return false;
        }
    }

    static final class Not extends CompiledCondition {
        private final CompiledCondition inner;

        Not(CompiledCondition inner) {
            this.inner = inner;
        }

        @Override
        boolean test(Map<String, ?> record) {
            return !inner.test(record);
        }
    }

    /** A test of one field's value; an absent value fails every operator but {@code missing}. */
    abstract static class OfField extends CompiledCondition {
        final String field;

        OfField(String field) {
            this.field = field;
        }

        @Override
        final boolean test(Map<String, ?> record) {
            Object v = record.get(field);
            return !absent(v) && holds(v);
        }

        abstract boolean holds(Object value);
    }

    static final class Present extends CompiledCondition {
        private final String field;
        private final boolean wanted;

        Present(String field, boolean wanted) {
            this.field = field;
            this.wanted = wanted;
        }

        @Override
        boolean test(Map<String, ?> record) {
            return absent(record.get(field)) != wanted;
        }
    }
}
