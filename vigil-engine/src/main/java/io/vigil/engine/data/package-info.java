/**
 * Reading uploaded tables and profiling them, with bounded memory.
 *
 * <p>{@link io.vigil.engine.data.TableReader} streams rows from CSV/TSV (FastCSV), JSON Lines
 * (Jackson streaming), ARFF and Zeek logs, and packet captures as tables of flows, gzip-compressed or not, strictly decoded (UTF-8 unless
 * another encoding is named), and reports bad content as a
 * {@link io.vigil.engine.data.DataFormatException} with a message for the uploader.
 * {@link io.vigil.engine.data.DatasetProfiler} summarises the rows in one pass (DataSketches KLL,
 * HLL and frequent-items sketches once exact counting would cost too much memory).
 *
 * <p>No HTTP, no database, no network: callers hand in an {@link java.io.InputStream}.
 */
package io.vigil.engine.data;
