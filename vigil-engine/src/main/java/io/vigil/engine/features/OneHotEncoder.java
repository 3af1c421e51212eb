package io.vigil.engine.features;

import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One 0/1 feature per kept value plus a final "other" feature. An unseen value, or a value rarer
 * than the kept ones, sets "other". A missing value sets {@code missingValue}'s feature when one
 * was fitted (most-frequent imputation), otherwise nothing (all zeros).
 */
public record OneHotEncoder(String column, List<String> values, String missingValue) implements FeatureEncoder {
    public static final String OTHER = "__other__";

    public OneHotEncoder {
        values = List.copyOf(values);
    }

    @Override
    public List<String> outputNames() {
        List<String> names = new ArrayList<>(values.size() + 1);
        for (String v : values) names.add(column + "=" + v);
        names.add(column + "=" + OTHER);
        return names;
    }

    @Override
    public int width() {
        return values.size() + 1;
    }

    /** Index of the feature set for {@code text}, or -1 for none. */
    private int slot(String text, Map<String, Integer> index) {
        if (text == null) text = missingValue;
        if (text == null) return -1;
        Integer i = index.get(text);
        return i == null ? values.size() : i;
    }

    @Override
    public void encodeValue(Object value, float[] out, int offset) {
        for (int i = 0; i <= values.size(); i++) out[offset + i] = 0f;
        String text = RecordValues.category(value);
        if (text == null) text = missingValue;
        if (text == null) return;
        int i = values.indexOf(text); // at most maxOneHotValues entries: a scan beats building a map per record
        out[offset + (i < 0 ? values.size() : i)] = 1f;
    }

    @Override
    public void encodeColumn(Column input, float[] out, int stride, int offset) {
        Map<String, Integer> index = index();
        int rows = input.size();
        if (input instanceof CategoricalColumn c) {
            // translate dictionary codes once, then a table lookup per row
            int[] slots = new int[c.dictionary().size()];
            for (int code = 0; code < slots.length; code++) slots[code] = slot(c.dictionary().get(code), index);
            int missingSlot = slot(null, index);
            int[] codes = c.codes();
            for (int r = 0, o = offset; r < rows; r++, o += stride) {
                for (int i = 0; i <= values.size(); i++) out[o + i] = 0f;
                int s = codes[r] < 0 ? missingSlot : slots[codes[r]];
                if (s >= 0) out[o + s] = 1f;
            }
        } else {
            for (int r = 0, o = offset; r < rows; r++, o += stride) {
                for (int i = 0; i <= values.size(); i++) out[o + i] = 0f;
                int s = slot(input.text(r), index);
                if (s >= 0) out[o + s] = 1f;
            }
        }
    }

    private Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) index.put(values.get(i), i);
        return index;
    }
}
