package io.vigil.cli.output;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers listed by rank (a search's scores, best first), printed with as many decimals as it
 * takes to tell neighbours apart: at four decimals, 0.99996 and 0.99993 would both read "1".
 */
public final class RankedNumbers {
    private static final int MIN_DECIMALS = 4;
    private static final int MAX_DECIMALS = 12;

    private RankedNumbers() {}

    /** Each value as text, with one number of decimals for all; equal values read alike, NaN as "NaN". */
    public static List<String> format(List<Double> values) {
        int decimals = MIN_DECIMALS;
        while (decimals < MAX_DECIMALS && !distinguishes(values, decimals)) decimals++;
        List<String> out = new ArrayList<>(values.size());
        for (Double v : values) out.add(format(v, decimals));
        return out;
    }

    private static boolean distinguishes(List<Double> values, int decimals) {
        for (int i = 1; i < values.size(); i++) {
            Double a = values.get(i - 1);
            Double b = values.get(i);
            if (a != null && b != null && !a.equals(b) && format(a, decimals).equals(format(b, decimals))) return false;
        }
        return true;
    }

    private static String format(Double v, int decimals) {
        if (v == null) return null;
        if (v.isNaN() || v.isInfinite()) return String.valueOf(v);
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
