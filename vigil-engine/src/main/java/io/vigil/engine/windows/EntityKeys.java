package io.vigil.engine.windows;

import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.util.List;

/**
 * An entity's key as one string, the same whether it came from a table or from a record: a key
 * that reads as a number is written as a number is ({@code 17}, never {@code 17.0} nor {@code 017}),
 * anything else is its text; several key columns are joined with the unit separator (U+001F). A
 * missing part makes no key: such an event belongs to no entity.
 */
final class EntityKeys {
    static final char SEPARATOR = '\u001f';

    private EntityKeys() {
    }

    /** Each row's key (null for none). */
    static String[] of(Table table, List<String> keys) {
        int n = table.rowCount();
        String[][] parts = new String[keys.size()][];
        for (int k = 0; k < keys.size(); k++) parts[k] = texts(table.column(keys.get(k)));
        String[] out = new String[n];
        for (int r = 0; r < n; r++) {
            if (parts.length == 1) {
                out[r] = parts[0][r];
                continue;
            }
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < parts.length && key != null; k++) {
                if (parts[k][r] == null) key = null;
                else key.append(k == 0 ? "" : SEPARATOR).append(parts[k][r]);
            }
            out[r] = key == null ? null : key.toString();
        }
        return out;
    }

    /** One record's key from its key fields' values (null for none). */
    static String of(Object[] values) {
        if (values.length == 1) return part(values[0]);
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < values.length; k++) {
            String part = part(values[k]);
            if (part == null) return null;
            key.append(k == 0 ? "" : SEPARATOR).append(part);
        }
        return key.toString();
    }

    private static String part(Object value) {
        String text = RecordValues.category(value);
        return text == null ? null : canonical(text);
    }

    private static String[] texts(Column column) {
        String[] out = new String[column.size()];
        if (column instanceof NumericColumn n) {
            for (int r = 0; r < out.length; r++) out[r] = n.text(r);
            return out;
        }
        CategoricalColumn c = (CategoricalColumn) column;
        String[] byCode = new String[c.dictionary().size()];
        for (int code = 0; code < byCode.length; code++) byCode[code] = canonical(c.dictionary().get(code));
        for (int r = 0; r < out.length; r++) out[r] = c.code(r) < 0 ? null : byCode[c.code(r)];
        return out;
    }

    /** A number's text as a number column writes it; any other text (an address, a name) as it is. */
    static String canonical(String text) {
        if (!decimal(text)) return text; // checked first: an exception per IP address would cost microseconds
        double v = Double.parseDouble(text);
        return Double.isFinite(v) ? NumericColumn.text(v) : text;
    }

    /** {@code [+-]digits[.digits][(e|E)[+-]digits]}, at least one digit before the exponent. */
    static boolean decimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exponent = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exponent++;
            }
            if (exponent == 0) return false;
        }
        return i == n;
    }
}
