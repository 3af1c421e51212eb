package io.vigil.engine.features;

import io.vigil.engine.table.ColumnKind;

/**
 * One field a model expects in a raw record: part of the bundle's input schema.
 *
 * @param optional the training data lacked it in some rows (a sparse log's absent key, an empty
 *                 cell), so a record may leave it out and it reads as missing, as it did in
 *                 training; a field the training data always had is required. False in bundles
 *                 written before this existed.
 */
public record InputField(String name, ColumnKind kind, boolean optional) {
}
