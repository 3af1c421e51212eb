package io.vigil.engine.features;

import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import java.util.List;

/**
 * {@code (x - center) / scale}; a missing value becomes {@code fill} first ({@code NaN} fill
 * keeps it missing for algorithms with native missing handling).
 */
public record NumericEncoder(String column, double fill, double center, double scale) implements FeatureEncoder {

    @Override
    public List<String> outputNames() {
        return List.of(column);
    }

    @Override
    public int width() {
        return 1;
    }

    public float encode(double x) {
        if (Double.isNaN(x)) x = fill;
        return (float) ((x - center) / scale);
    }

    @Override
    public void encodeValue(Object value, float[] out, int offset) {
        out[offset] = encode(toDouble(column, value));
    }

    @Override
    public void encodeColumn(Column input, float[] out, int stride, int offset) {
        if (input instanceof NumericColumn n) {
            double[] values = n.values();
            for (int r = 0, o = offset; r < values.length; r++, o += stride) out[o] = encode(values[r]);
        } else {
            CategoricalColumn c = (CategoricalColumn) input;
            for (int r = 0, o = offset; r < c.size(); r++, o += stride) out[o] = encode(toDouble(column, c.text(r)));
        }
    }

    /** Numbers, booleans and numeric text are accepted; null and blank are missing. */
    static double toDouble(String column, Object value) {
        if (value == null) return Double.NaN;
        if (value instanceof Number n) return n.doubleValue();
        if (value instanceof Boolean b) return b ? 1 : 0;
        String text = value.toString().strip();
        if (text.isEmpty() || text.equals("?") || text.equalsIgnoreCase("NA") || text.equalsIgnoreCase("null")) {
            return Double.NaN;
        }
        if (text.equalsIgnoreCase("true")) return 1;
        if (text.equalsIgnoreCase("false")) return 0;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("field '" + column + "' must be a number, got '" + text + "'");
        }
    }
}
