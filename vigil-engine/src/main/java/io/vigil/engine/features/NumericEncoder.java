package io.vigil.engine.features;

import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import java.util.List;

/**
 * {@code (x - center) / scale} as a float, saturated at the float range; a missing value becomes
 * {@code fill} first ({@code NaN} fill keeps it missing for algorithms with native missing handling).
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
        float f = (float) ((x - center) / scale);
        // A double beyond float range saturates rather than becoming infinite, which XGBoost refuses.
        return Float.isInfinite(f) ? Math.copySign(Float.MAX_VALUE, f) : f;
    }

    @Override
    public void encodeValue(Object value, float[] out, int offset) {
        out[offset] = encode(RecordValues.number(column, value));
    }

    @Override
    public void encodeColumn(Column input, float[] out, int stride, int offset) {
        if (input instanceof NumericColumn n) {
            double[] values = n.values();
            for (int r = 0, o = offset; r < values.length; r++, o += stride) out[o] = encode(values[r]);
        } else {
            CategoricalColumn c = (CategoricalColumn) input;
            for (int r = 0, o = offset; r < c.size(); r++, o += stride) out[o] = encode(RecordValues.number(column, c.text(r)));
        }
    }
}
