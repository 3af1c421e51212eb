package io.vigil.server.datasets;

import io.vigil.engine.data.ColumnType;

/** A column of a dataset as inferred at upload. */
public record SchemaColumn(String name, ColumnType type) {}
