package io.vigil.engine.rules;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a condition does with its field's value; {@link #symbol()} is how JSON writes it. */
public enum Operator {
    GT(">", Operand.NUMBER),
    GE(">=", Operand.NUMBER),
    LT("<", Operand.NUMBER),
    LE("<=", Operand.NUMBER),
    EQ("==", Operand.SCALAR),
    NE("!=", Operand.SCALAR),
    IN("in", Operand.LIST),
    NOT_IN("not_in", Operand.LIST),
    CONTAINS("contains", Operand.TEXT),
    STARTS_WITH("starts_with", Operand.TEXT),
    ENDS_WITH("ends_with", Operand.TEXT),
    EXISTS("exists", Operand.NONE),
    MISSING("missing", Operand.NONE);

    /** The value an operator takes. */
    public enum Operand {
        /** a JSON number */
        NUMBER,
        /** a number, a string or a boolean */
        SCALAR,
        /** a non-empty list of strings and numbers */
        LIST,
        /** a non-empty string */
        TEXT,
        /** no value */
        NONE
    }

    /** Every symbol, in declaration order, for messages. */
    public static final String SYMBOLS = Arrays.stream(values()).map(Operator::symbol).collect(Collectors.joining(", "));

    private final String symbol;
    private final Operand operand;

    Operator(String symbol, Operand operand) {
        this.symbol = symbol;
        this.operand = operand;
    }

    public String symbol() {
        return symbol;
    }

    public Operand operand() {
        return operand;
    }

    /** The operator JSON writes as {@code symbol}, or null. */
    public static Operator ofSymbol(String symbol) {
        for (Operator op : values()) {
            if (op.symbol.equals(symbol)) return op;
        }
        return null;
    }
}
