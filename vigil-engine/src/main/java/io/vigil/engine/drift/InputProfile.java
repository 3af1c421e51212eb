package io.vigil.engine.drift;

import io.vigil.engine.table.ColumnKind;

/**
 * The reference distribution of one input (or of the model's predictions): a {@link NumericSketch}
 * for a numeric one, a {@link CategorySketch} for a categorical one; the other is null.
 */
public record InputProfile(String name, ColumnKind kind, NumericSketch numeric, CategorySketch categorical) {

    public static InputProfile numeric(String name, NumericSketch sketch) {
        return new InputProfile(name, ColumnKind.NUMERIC, sketch, null);
    }

    public static InputProfile categorical(String name, CategorySketch sketch) {
        return new InputProfile(name, ColumnKind.CATEGORICAL, null, sketch);
    }

    /** Reference rows with a value. */
    public long count() {
        return kind == ColumnKind.NUMERIC ? numeric.count() : categorical.count();
    }

    void check() {
        NumericSketch.require(name != null && kind != null, "an input profile lacks its name or kind");
        String what = "the profile of '" + name + "'";
        if (kind == ColumnKind.NUMERIC) {
            NumericSketch.require(numeric != null && categorical == null, what + " is numeric but holds no numeric sketch");
            numeric.check(what);
        } else {
            NumericSketch.require(categorical != null && numeric == null, what + " is categorical but holds no category sketch");
            categorical.check(what);
        }
    }
}
