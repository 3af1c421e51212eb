package io.vigil.engine.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.engine.table.CategoricalColumn;
import io.vigil.engine.table.Column;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One feature holding the value's position in {@code values}. A missing value becomes
 * {@code unknownCode}: NaN (treated as missing by trees) or the most frequent value's code. An
 * unseen value becomes {@code unseenCode} when it is set (detectors: one past every known code, so
 * novelty stands out), else {@code unknownCode} as well (bundles written before it existed).
 *
 * <p>A class rather than a record so that it can keep a value-to-code map: a category may have
 * tens of thousands of values, and a live event must not scan them all.
 */
public final class OrdinalEncoder implements FeatureEncoder {
    private final String column;
    private final List<String> values;
    private final float unknownCode;
    private final Float unseenCode;
    private final Map<String, Integer> index;

    @JsonCreator
    public OrdinalEncoder(@JsonProperty("column") String column, @JsonProperty("values") List<String> values,
                          @JsonProperty("unknownCode") float unknownCode, @JsonProperty("unseenCode") Float unseenCode) {
        this.column = column;
        this.values = List.copyOf(values);
        this.unknownCode = unknownCode;
        this.unseenCode = unseenCode;
        this.index = new HashMap<>(this.values.size() * 2);
        for (int i = 0; i < this.values.size(); i++) {
            index.putIfAbsent(this.values.get(i), i);
        }
    }

    @Override
    @JsonProperty
    public String column() {
        return column;
    }

    @JsonProperty
    public List<String> values() {
        return values;
    }

    @JsonProperty
    public float unknownCode() {
        return unknownCode;
    }

    @JsonProperty
    public Float unseenCode() {
        return unseenCode;
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
        Integer i = text == null ? null : index.get(text);
        out[offset] = i != null ? i : text == null ? unknownCode : unseen();
    }

    @Override
    public void encodeColumn(Column input, float[] out, int stride, int offset) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof OrdinalEncoder e && e.column.equals(column) && e.values.equals(values)
                && Float.compare(e.unknownCode, unknownCode) == 0 && Objects.equals(e.unseenCode, unseenCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, values, unknownCode, unseenCode);
    }

    @Override
    public String toString() {
        return "OrdinalEncoder[column=" + column + ", values=" + values.size() + ", unknownCode=" + unknownCode
                + ", unseenCode=" + unseenCode + "]";
    }
}
