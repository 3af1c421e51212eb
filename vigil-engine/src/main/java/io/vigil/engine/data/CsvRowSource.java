package io.vigil.engine.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** CSV and TSV through FastCSV (RFC 4180 quoting); empty cells become null. */
final class CsvRowSource implements RowSource {

    private final CsvReader<ParsedRow> csv;
    private final CloseableIterator<ParsedRow> rows;
    private final RowHandler handler = new RowHandler();
    private final List<String> columns;
    private final boolean header;
    private final StrictTextReader text;
    private final boolean decimalComma;
    private boolean lastRowRanToEnd;
    private long line;

    CsvRowSource(StrictTextReader reader, char delimiter, List<String> givenColumns, int maxLineChars, boolean decimalComma)
            throws IOException {
        if (decimalComma && delimiter == ',') {
            throw new DataFormatException("numbers with a decimal comma need another field separator than ','", -1);
        }
        this.text = reader;
        this.decimalComma = decimalComma;
        this.csv = CsvReader.builder()
                .fieldSeparator(delimiter)
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .allowExtraFields(true)   // field counts are checked here, with a clearer message
                .allowMissingFields(true)
                .detectBomHeader(false)   // TextInput already removed it
                .maxBufferSize((int) Math.min(Integer.MAX_VALUE / 2, Math.max(65_536L, 2L * maxLineChars)))
                .build(handler, reader);
        this.rows = csv.iterator();
        this.header = givenColumns.isEmpty();
        if (header) {
            ParsedRow names = fetch();
            if (names == null) {
                throw new DataFormatException("the file is empty", -1);
            }
            this.columns = HeaderNames.normalize(Arrays.asList(names.cells()).subList(0, names.fieldCount()));
        } else {
            this.columns = givenColumns;
        }
        handler.expectWidth(columns.size());
    }

    @Override
    public List<String> columnNames() {
        return columns;
    }

    @Override
    public Map<String, ColumnType> declaredTypes() {
        return Map.of();
    }

    @Override
    public boolean header() {
        return header;
    }

    @Override
    public String[] next() throws IOException {
        ParsedRow row = fetch();
        if (row == null) {
            if (lastRowRanToEnd && text.doubleQuotes() % 2 != 0) {
                // FastCSV reads an unclosed quote as a field running to the end of the file: it then
                // holds the file's last line break, and the file has an odd number of quotes.
                throw new DataFormatException("line " + line + " has a quoted field that is never closed", line);
            }
            return null;
        }
        line = row.line();
        lastRowRanToEnd = row.quotedFieldEndsWithLineBreak();
        if (row.fieldCount() != columns.size()) {
            throw new DataFormatException("line " + row.line() + " has " + row.fieldCount() + " fields, "
                    + (header ? "the header has " + columns.size()
                            : "but " + columns.size() + " column names were given"), row.line());
        }
        String[] cells = row.cells();
        if (decimalComma) {
            for (int i = 0; i < cells.length; i++) {
                cells[i] = DecimalComma.toPoint(cells[i]);
            }
        }
        return cells;
    }

    @Override
    public long line() {
        return line;
    }

    private ParsedRow fetch() throws IOException {
        try {
            return rows.hasNext() ? rows.next() : null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CsvParseException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            long at = handler.startingLine();
            throw new DataFormatException("line " + at + " cannot be parsed: " + describe(e), at, e);
        }
    }

    private static String describe(CsvParseException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message != null && message.contains("maximum buffer size")) {
            return "a field is longer than the line limit (is a quote not closed?)";
        }
        return message == null ? root.getClass().getSimpleName() : message;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    /** A parsed record: its cells, how many fields it really had, and its first line. */
    record ParsedRow(String[] cells, int fieldCount, long line, boolean quotedFieldEndsWithLineBreak) {
    }

    /**
     * Builds rows straight from FastCSV's buffer: one String per non-empty field, null for empty
     * ones, and no storage for surplus fields of a ragged row (only their count).
     */
    private static final class RowHandler extends AbstractBaseCsvCallbackHandler<ParsedRow> {
        private int width = -1;
        private String[] cells = new String[16];
        private long startingLine;
        private boolean quotedEndsWithBreak;

        void expectWidth(int columns) {
            width = columns;
        }

        long startingLine() {
            return startingLine;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            startingLine = startingLineNumber;
            quotedEndsWithBreak = false;
            cells = new String[width >= 0 ? width : 16];
        }

        @Override
        protected void handleField(int index, char[] buffer, int offset, int length, boolean quotedField) {
            if (quotedField && length > 0 && (buffer[offset + length - 1] == '\n' || buffer[offset + length - 1] == '\r')) {
                quotedEndsWithBreak = true;
            }
            if (index >= cells.length) {
                if (width >= 0) {
                    return; // ragged row: counted by the base class, reported by next()
                }
                cells = Arrays.copyOf(cells, Math.max(index + 1, cells.length * 2));
            }
            cells[index] = length == 0 ? null : new String(buffer, offset, length);
        }

        @Override
        protected ParsedRow buildRecord() {
            int fields = getFieldCount();
            String[] row = width < 0 ? Arrays.copyOf(cells, fields) : cells;
            return new ParsedRow(row, fields, startingLine, quotedEndsWithBreak);
        }
    }
}
