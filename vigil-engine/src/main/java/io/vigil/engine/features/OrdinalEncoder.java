package io.vigil.engine.features;

import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature holding the value's position in {@code values}. A missing value becomes
 * {@code unknownCode}: NaN (treated as missing by trees) or the most frequent value's code. An
 * unseen value becomes {@code unseenCode} when it is set (detectors: one past every known code, so
 * novelty stands out), else {@code unknownCode} as well (bundles written before it existed).
 */
public record OrdinalEncoder(String column, List<String> values, float unknownCode, Float unseenCode) implements FeatureEncoder {

    public OrdinalEncoder {
        values = List.copyOf(values);
    }

    private float unseen() {
        return unseenCode != null ? unseenCode : unknownCode;
    }

    @Override
    public List<String> outputNames() {
        return List.of(column);
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encodeValue(Object value, float[] out, int offset) {
        String text = RecordValues.category(value);
        int i = text == null ? -1 : values.indexOf(text);
        out[offset] = i >= 0 ? i : text == null ? unknownCode : unseen();
    }

    @Override
    public void encodeColumn(Column input, float[] out, int stride, int offset) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < values.size(); i++) index.put(values.get(i), i);
        int rows = input.size();
        if (input instanceof CategoricalColumn c) {
            float[] byCode = new float[c.dictionary().size()];
            for (int code = 0; code < byCode.length; code++) {
                Integer i = index.get(c.dictionary().get(code));
                byCode[code] = i == null ? unseen() : i;
            }
            int[] codes = c.codes();
            for (int r = 0, o = offset; r < rows; r++, o += stride) out[o] = codes[r] < 0 ? unknownCode : byCode[codes[r]];
        } else {
            for (int r = 0, o = offset; r < rows; r++, o += stride) {
                String text = input.text(r);
                Integer i = text == null ? null : index.get(text);
                out[o] = i != null ? i : text == null ? unknownCode : unseen();
            }
        }
    }
}
