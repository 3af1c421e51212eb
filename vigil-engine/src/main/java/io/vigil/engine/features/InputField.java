package io.vigil.engine.features;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.table.ColumnKind;

/**
 * One field a model expects in a raw record: part of the bundle's input schema.
 *
 * @param optional the training data lacked it in some rows (a sparse log's absent key, an empty
 *                 cell), so a record may leave it out and it reads as missing, as it did in
 *                 training; a field the training data always had is required. False in bundles
 *                 written before this existed.
 * @param type     what its values were in the training data, so a record's value can be checked
 *                 and described the same way: a NUMERIC kind holds NUMERIC, INTEGER, BOOLEAN (true/false
 *                 or yes/no, read as 1/0) or TIMESTAMP (ISO-8601 text or epoch seconds) values.
 *                 Null in bundles written before this existed: see {@link #valueType()}.
 */
public record InputField(String name, ColumnKind kind, boolean optional, ColumnType type) {

    /** The field's {@link #type}, or for older bundles the one its kind implies (NUMERIC or CATEGORICAL). */
    public ColumnType valueType() {
        return type != null ? type : kind == ColumnKind.NUMERIC ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
    }
}
