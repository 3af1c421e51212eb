package io.vigil.engine.data;

import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How to read an uploaded table.
 *
 * @param format       the format, or null to detect it (file name, then content)
 * @param delimiter    the CSV field separator, or null to detect it among {@code , ; TAB |}
 * @param columns      when non-empty the file has NO header row and these are its column names
 *                     (CSV/TSV; for JSON Lines the keys to read; ignored for ARFF, which
 *                     declares its own attributes)
 * @param maxLineChars the longest physical line (and CSV field) accepted; 0 means the default
 *                     of {@value #DEFAULT_MAX_LINE_CHARS}
 * @param flattenObjects JSON Lines: a nested object's fields become columns named by their dotted
 *                     path ({@code "flow": {"bytes": 5}} is the column {@code flow.bytes}), as in
 *                     Suricata EVE or Elastic Common Schema events; false keeps each object as one
 *                     column of JSON text (how datasets uploaded before this option were read).
 *                     Arrays are JSON text either way.
 * @param encoding     the file's character encoding, or null for UTF-8 (UTF-16 when the file
 *                     starts with its byte order mark). Tables exported by Windows tools are
 *                     often windows-1252; CIC-IDS2017's web-attack labels are.
 * @param decimalComma CSV/TSV: numbers are written with a decimal comma ({@code 3,75}, {@code 1.234,5}),
 *                     as spreadsheets export them in continental-European locales (see {@link DecimalComma})
 * @param keepFlowsBeforeDamage packet captures: a cut or corrupt capture ends at the damage and keeps the
 *                     flows of the packets before it, instead of failing ({@link io.vigil.engine.capture.CaptureOptions})
 */
public record ReadOptions(DataFormat format, Character delimiter, List<String> columns, int maxLineChars,
                          boolean flattenObjects, Charset encoding, boolean decimalComma, boolean keepFlowsBeforeDamage) {

    /** 1 MiB characters: generous for real tables, small enough to fail fast on garbage. */
    public static final int DEFAULT_MAX_LINE_CHARS = 1_048_576;

    public ReadOptions {
        columns = columns == null ? List.of() : List.copyOf(columns);
        if (maxLineChars == 0) {
            maxLineChars = DEFAULT_MAX_LINE_CHARS;
        }
        if (maxLineChars < 0) {
            throw new IllegalArgumentException("maxLineChars must be positive, was " + maxLineChars);
        }
        if (delimiter != null && (delimiter == '"' || delimiter == '\n' || delimiter == '\r')) {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column.isBlank()) {
                throw new IllegalArgumentException("column names must not be blank");
            }
            if (!seen.add(column)) {
                throw new IllegalArgumentException("column name '" + column + "' is given twice");
            }
        }
    }

    /** The options without {@code keepFlowsBeforeDamage} (false). */
    public ReadOptions(DataFormat format, Character delimiter, List<String> columns, int maxLineChars,
                       boolean flattenObjects, Charset encoding, boolean decimalComma) {
        this(format, delimiter, columns, maxLineChars, flattenObjects, encoding, decimalComma, false);
    }

    /** Detect everything; default line guard; nested JSON objects flattened. */
    public static ReadOptions detect() {
        return new ReadOptions(null, null, List.of(), DEFAULT_MAX_LINE_CHARS, true, null, false);
    }

    public ReadOptions withFormat(DataFormat newFormat) {
        return new ReadOptions(newFormat, delimiter, columns, maxLineChars, flattenObjects, encoding, decimalComma,
                keepFlowsBeforeDamage);
    }

    public ReadOptions withDelimiter(Character newDelimiter) {
        return new ReadOptions(format, newDelimiter, columns, maxLineChars, flattenObjects, encoding, decimalComma,
                keepFlowsBeforeDamage);
    }

    /** The file has no header row; these are its column names. */
    public ReadOptions withColumns(List<String> newColumns) {
        return new ReadOptions(format, delimiter, newColumns, maxLineChars, flattenObjects, encoding, decimalComma,
                keepFlowsBeforeDamage);
    }

    public ReadOptions withMaxLineChars(int newMaxLineChars) {
        return new ReadOptions(format, delimiter, columns, newMaxLineChars, flattenObjects, encoding, decimalComma,
                keepFlowsBeforeDamage);
    }

    public ReadOptions withFlattenObjects(boolean flatten) {
        return new ReadOptions(format, delimiter, columns, maxLineChars, flatten, encoding, decimalComma,
                keepFlowsBeforeDamage);
    }

    public ReadOptions withEncoding(Charset newEncoding) {
        return new ReadOptions(format, delimiter, columns, maxLineChars, flattenObjects, newEncoding, decimalComma,
                keepFlowsBeforeDamage);
    }

    public ReadOptions withDecimalComma(boolean comma) {
        return new ReadOptions(format, delimiter, columns, maxLineChars, flattenObjects, encoding, comma,
                keepFlowsBeforeDamage);
    }

    public ReadOptions withKeepFlowsBeforeDamage(boolean keep) {
        return new ReadOptions(format, delimiter, columns, maxLineChars, flattenObjects, encoding, decimalComma, keep);
    }

    boolean hasColumns() {
        return !columns.isEmpty();
    }
}
