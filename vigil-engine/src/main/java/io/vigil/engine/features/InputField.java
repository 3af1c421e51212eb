package io.vigil.engine.features;

import io.vigil.engine.table.ColumnKind;

/** One field a model expects in a raw record: part of the bundle's input schema. */
public record InputField(String name, ColumnKind kind) {
}
