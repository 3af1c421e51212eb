/** A typed, columnar, in-memory table: numeric columns as {@code double[]}, categoricals as dictionary codes. */
package io.vigil.engine.table;
