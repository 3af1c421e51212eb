package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/**
 * The values of one input (a tensor, or one field across a batch's records) as they came in,
 * flattened row-major: numbers as doubles in a primitive array; text, booleans, nulls and markers
 * beside them, in an array made only when the first such value comes.
 */
public final class RawColumn {
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private double[] numbers = new double[256];
    private Object[] others; // made when the first element that is not a number comes
    private int size;

    int size() {
        return size;
    }

    boolean isNumber(int i) {
        return others == null || others[i] == null;
    }

    double number(int i) {
        return numbers[i];
    }

    /** The element as a String, Boolean, {@link #NULL} or (for a number) a Double. */
    Object value(int i) {
        return isNumber(i) ? (Object) numbers[i] : others[i];
    }

    public void addNumber(double v) {
        grow();
        numbers[size++] = v;
    }

    public void addOther(Object v) {
        grow();
        if (others == null) {
            others = new Object[numbers.length];
        }
        numbers[size] = Double.NaN;
        others[size++] = v;
    }

    /** Makes room for {@code more} elements at once. */
    public void reserve(int more) {
        if (size + more > numbers.length) {
            numbers = Arrays.copyOf(numbers, size + more);
            if (others != null) {
                others = Arrays.copyOf(others, size + more);
            }
        }
    }

    /**
     * Adds the parser's current value if it is a scalar (number, text, boolean, null); returns
     * false, adding nothing, for an object or array, which each caller treats its own way.
     */
    public boolean addScalar(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> addNumber(p.getDoubleValue());
            case VALUE_STRING -> addOther(p.getText());
            case VALUE_TRUE -> addOther(Boolean.TRUE);
            case VALUE_FALSE -> addOther(Boolean.FALSE);
            case VALUE_NULL -> addOther(NULL);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Adds element {@code i} of {@code other}. */
    void addFrom(RawColumn other, int i) {
        if (other.isNumber(i)) {
            addNumber(other.number(i));
        } else {
            addOther(other.others[i]);
        }
    }

    void removeLast() {
        size--;
        if (others != null) {
            others[size] = null;
        }
    }

    private void grow() {
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, size * 2);
            if (others != null) {
                others = Arrays.copyOf(others, size * 2);
            }
        }
    }
}
