package io.vigil.engine.data;

import io.vigil.engine.capture.CaptureFiles;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streams the rows of an uploaded table (CSV, TSV, JSON Lines, ARFF or a Zeek log, optionally gzip-compressed)
 * with bounded memory. A packet capture (pcap or pcapng, gzip-compressed or not) is read as its table
 * of flows ({@link CaptureRowSource}): recognised by its first bytes before any text decoding, or
 * named {@link DataFormat#PCAP}. {@link #open} detects what is not given, checks the start of the data and
 * fails with a {@link DataFormatException} whose message can be shown to the uploader.
 *
 * <pre>{@code
 * try (TableReader reader = TableReader.open(in, ReadOptions.detect(), "flows.csv.gz")) {
 *     String[] row;
 *     while ((row = reader.next()) != null) { ... }
 * }
 * }</pre>
 *
 * The reader owns the stream: closing the reader (or a failed {@code open}) closes it. Not thread-safe.
 */
public final class TableReader implements Closeable {

    private final RowSource source;
    private final DetectedFormat detected;
    private String[] pending;
    private long pendingLine;
    private long line;

    private TableReader(RowSource source, DetectedFormat detected, String[] firstRow, long firstLine) {
        this.source = source;
        this.detected = detected;
        this.pending = firstRow;
        this.pendingLine = firstLine;
    }

    /**
     * Opens a table and reads up to its first data row (so an empty or header-only file fails here).
     *
     * @param in           the raw bytes (gzip is detected by its magic number)
     * @param options      what is known about the file; null means {@link ReadOptions#detect()}
     * @param fileNameHint the uploaded file name, used for format detection by extension; nullable
     * @throws DataFormatException when the content is not a readable table
     */
    public static TableReader open(InputStream in, ReadOptions options, String fileNameHint) throws IOException {
        Objects.requireNonNull(in, "in");
        ReadOptions opts = options == null ? ReadOptions.detect() : options;
        RowSource source = null;
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
            in = buffered;
            if (isCapture(buffered, opts, fileNameHint)) {
                return openCapture(buffered, opts);
            }
            TextInput text = TextInput.open(in, opts.maxLineChars(), opts.encoding());
            DataFormat format = opts.format() != null ? opts.format()
                    : DataFormat.fromFileName(fileNameHint).orElse(null);
            if (format == null) {
                format = FormatSniffer.sniffFormat(text.headText());
            }
            char delimiter = ',';
            if (format == DataFormat.CSV || format == DataFormat.TSV) {
                if (opts.delimiter() != null) {
                    delimiter = opts.delimiter();
                } else if (format == DataFormat.TSV) {
                    delimiter = '\t';
                } else {
                    delimiter = FormatSniffer.sniffDelimiter(text.headText(), text.headIsWholeFile());
                    if (delimiter == '\t' && opts.format() == null) {
                        format = DataFormat.TSV;
                    }
                }
            }
            source = openSource(format, delimiter, text.reader(), opts);
            String[] first = source.next();
            if (first == null) {
                throw new DataFormatException(source.header() && format != DataFormat.JSONL
                        ? "the file has a header but no data rows" : "the file is empty", -1);
            }
            DetectedFormat detected = new DetectedFormat(format, delimiter, text.gzip(), source.header(), source.columnNames(),
                    format == DataFormat.JSONL && opts.flattenObjects(), text.charset().name(),
                    (format == DataFormat.CSV || format == DataFormat.TSV) && opts.decimalComma());
            return new TableReader(source, detected, first, source.line());
        } catch (IOException | RuntimeException e) {
            closeQuietly(source != null ? source : in, e);
            throw e;
        }
    }

    /** A capture when named so, or when its first bytes say so and no text format was named. */
    private static boolean isCapture(BufferedInputStream in, ReadOptions opts, String fileNameHint) throws IOException {
        if (opts.format() != null) {
            return opts.format() == DataFormat.PCAP;
        }
        return CaptureFiles.isCapture(in) || DataFormat.fromFileName(fileNameHint).orElse(null) == DataFormat.PCAP;
    }

    private static TableReader openCapture(InputStream in, ReadOptions opts) throws IOException {
        CaptureRowSource source = CaptureRowSource.open(in, opts);
        try {
            String[] first = source.next();
            if (first == null) {
                throw new DataFormatException("the capture has no IP packets, so no flows", -1);
            }
            DetectedFormat detected = new DetectedFormat(DataFormat.PCAP, ',', source.summary().gzip(), true,
                    source.columnNames(), false, null, false, opts.keepFlowsBeforeDamage());
            return new TableReader(source, detected, first, source.line());
        } catch (IOException | RuntimeException e) {
            closeQuietly(source, e);
            throw e;
        }
    }

    private static RowSource openSource(DataFormat format, char delimiter, StrictTextReader reader, ReadOptions opts)
            throws IOException {
        return switch (format) {
            case CSV, TSV -> new CsvRowSource(reader, delimiter, opts.columns(), opts.maxLineChars(), opts.decimalComma());
            case JSONL -> new JsonLinesRowSource(reader, opts.columns(), opts.maxLineChars(), opts.flattenObjects());
            case ARFF -> new ArffRowSource(reader);
            case ZEEK -> new ZeekRowSource(reader);
            case PCAP -> throw new IllegalStateException("captures are opened by openCapture");
        };
    }

    /** What was detected (or given): format, delimiter, gzip, header, column names, encoding. */
    public DetectedFormat detected() {
        return detected;
    }

    /** The column names, in file order (de-duplicated as described in {@link HeaderNames}). */
    public List<String> columnNames() {
        return detected.columns();
    }

    /**
     * Types declared by the file (see {@link ZeekRowSource} for Zeek's): for ARFF nominal→CATEGORICAL, numeric/real→NUMERIC,
     * integer→INTEGER, string→TEXT, date→TIMESTAMP. Empty for formats without declarations.
     */
    public Map<String, ColumnType> declaredTypes() {
        return source.declaredTypes();
    }

    /**
     * The next row, or null at the end of the data. The array has one cell per column (in
     * {@link #columnNames()} order), null for missing cells, and is not reused by the reader.
     *
     * @throws DataFormatException for malformed content, naming the line
     */
    public String[] next() throws IOException {
        if (pending != null) {
            String[] row = pending;
            pending = null;
            line = pendingLine;
            return row;
        }
        String[] row = source.next();
        if (row != null) {
            line = source.line();
        }
        return row;
    }

    /** The 1-based physical line where the last returned row starts; 0 before the first row. */
    public long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private static void closeQuietly(Closeable closeable, Exception failure) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
