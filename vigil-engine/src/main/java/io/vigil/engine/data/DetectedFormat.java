package io.vigil.engine.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link TableReader} found out about a file; stored with the upload so the same bytes can
 * be re-read identically later (see {@link #toReadOptions()}).
 *
 * @param format    the format used
 * @param delimiter the field separator for CSV/TSV; {@code ','} for JSONL and ARFF (unused)
 * @param gzip      the bytes were gzip-compressed (detected by magic number, always re-detected)
 * @param header    the column names came from the file itself (CSV header row, first JSON
 *                  object's keys, ARFF attributes) rather than from {@link ReadOptions#columns()}
 * @param columns   the column names, after de-duplication
 * @param flattenObjects JSON Lines: nested objects were read as dotted columns
 *                  ({@link ReadOptions#flattenObjects()}); false in records stored before it existed
 * @param encoding  the character encoding the text was read in (its canonical name, such as
 *                  {@code UTF-8} or {@code windows-1252}); null in records stored before it existed,
 *                  which were all UTF-8
 * @param decimalComma CSV/TSV: numbers were read with a decimal comma ({@link ReadOptions#decimalComma()})
 * @param eventType EVE/Cowrie: only the lines of this event type were read ({@link ReadOptions#eventType()});
 *                  null when every line was (then left out of the JSON, as in records stored before it existed)
 * @param keepFlowsBeforeDamage packet captures: read up to damage and kept the flows before it
 *                  ({@link ReadOptions#keepFlowsBeforeDamage()}); false in records stored before it existed
 */
public record DetectedFormat(DataFormat format, char delimiter, boolean gzip, boolean header, List<String> columns,
                             boolean flattenObjects, String encoding, boolean decimalComma,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String eventType, boolean keepFlowsBeforeDamage) {

    public DetectedFormat {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** What was found in every line ({@code eventType} null), without {@code keepFlowsBeforeDamage} (false). */
    public DetectedFormat(DataFormat format, char delimiter, boolean gzip, boolean header, List<String> columns,
                          boolean flattenObjects, String encoding, boolean decimalComma) {
        this(format, delimiter, gzip, header, columns, flattenObjects, encoding, decimalComma, null, false);
    }

    /** What was found, without {@code keepFlowsBeforeDamage} (false). */
    public DetectedFormat(DataFormat format, char delimiter, boolean gzip, boolean header, List<String> columns,
                          boolean flattenObjects, String encoding, boolean decimalComma, String eventType) {
        this(format, delimiter, gzip, header, columns, flattenObjects, encoding, decimalComma, eventType, false);
    }

    /** Options that read the same bytes into the same rows. */
    public ReadOptions toReadOptions() {
        boolean delimited = format == DataFormat.CSV || format == DataFormat.TSV;
        return new ReadOptions(format, delimited ? delimiter : null, header ? List.of() : columns,
                ReadOptions.DEFAULT_MAX_LINE_CHARS, flattenObjects,
                encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding), decimalComma, eventType, keepFlowsBeforeDamage);
    }
}
