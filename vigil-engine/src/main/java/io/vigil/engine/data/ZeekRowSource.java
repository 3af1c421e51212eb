package io.vigil.engine.data;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zeek (Bro) logs in their default tab-separated form ({@code conn.log}, {@code dns.log} ...):
 * a header of {@code #separator}, {@code #set_separator}, {@code #empty_field},
 * {@code #unset_field}, {@code #path}, {@code #open}, {@code #fields} and {@code #types} lines,
 * then one record per line, then {@code #close}. Columns are named by {@code #fields}
 * ({@code id.orig_h}, {@code id.resp_p} ...).
 * <ul>
 *   <li>The unset field ({@code -}) is missing, and so is the empty field ({@code (empty)}).</li>
 *   <li>{@code #types} declares the numeric columns: {@code time}, {@code interval} and
 *       {@code double} are NUMERIC ({@code ts} in seconds since the epoch, as a model reads
 *       timestamps anyway), {@code count}, {@code int} and {@code port} INTEGER, {@code bool}
 *       BOOLEAN ({@code T}/{@code F} read as true/false, as Zeek's JSON logs write them). Addresses,
 *       strings, enums and sets are typed from their values like CSV columns.</li>
 *   <li>{@code \xHH} escapes (Zeek's way of writing a separator or a non-printable byte inside a
 *       value) are decoded.</li>
 *   <li>Logs concatenated after rotation repeat the header; a repeated header must name the same
 *       fields.</li>
 * </ul>
 */
final class ZeekRowSource implements RowSource {

    private final BufferedReader lines;
    private String separator = "\t";
    private String emptyField = "(empty)";
    private String unsetField = "-";
    private List<String> fields;
    private List<String> columns;
    private final Map<String, ColumnType> declared = new LinkedHashMap<>();
    private ColumnType[] types;
    private final NumberSyntax numbers = new NumberSyntax();
    private long lineNumber;
    private long rowLine;
    /** The first data line, read while looking for the end of the header. */
    private String pending;

    ZeekRowSource(Reader reader) throws IOException {
        this.lines = new BufferedReader(reader, 64 * 1024);
        String line = readLine();
        if (line == null || !line.startsWith("#separator")) {
            throw error("a Zeek log starts with its #separator line");
        }
        while (line != null && line.startsWith("#")) {
            directive(line);
            line = readLine();
        }
        if (fields == null) {
            throw new DataFormatException("the Zeek log has no #fields line", -1);
        }
        pending = line;
    }

    private void directive(String line) throws DataFormatException {
        String[] parts = line.startsWith("#separator") ? line.split(" ", 2) : split(line);
        String value = parts.length > 1 ? parts[1] : "";
        switch (parts[0]) {
            case "#separator" -> {
                separator = unescape(value);
                if (separator.isEmpty()) {
                    throw error("the #separator line gives no separator");
                }
            }
            case "#empty_field" -> emptyField = value;
            case "#unset_field" -> unsetField = value;
            case "#fields" -> fields(Arrays.asList(parts).subList(1, parts.length));
            case "#types" -> types(Arrays.asList(parts).subList(1, parts.length));
            default -> {
                // #set_separator, #path, #open, #close: nothing to read from them
            }
        }
    }

    private void fields(List<String> names) throws DataFormatException {
        if (fields == null) {
            fields = List.copyOf(names);
            columns = HeaderNames.normalize(names);
        } else if (!fields.equals(names)) {
            throw error("this #fields line names other fields than the first one; upload each log on its own");
        }
    }

    private void types(List<String> zeekTypes) throws DataFormatException {
        if (fields == null || zeekTypes.size() != fields.size()) {
            throw error("the #types line must follow #fields and give one type per field");
        }
        if (types != null) {
            return; // a repeated header: fields already checked equal
        }
        types = new ColumnType[zeekTypes.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = switch (zeekTypes.get(i)) {
                case "time", "interval", "double" -> ColumnType.NUMERIC;
                case "count", "int", "port" -> ColumnType.INTEGER;
                case "bool" -> ColumnType.BOOLEAN;
                default -> null;
            };
            if (types[i] != null) {
                declared.put(columns.get(i), types[i]);
            }
        }
    }

    @Override
    public String[] next() throws IOException {
        String line;
        while ((line = nextLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                directive(line);
                continue;
            }
            rowLine = lineNumber;
            return row(line);
        }
        return null;
    }

    private String[] row(String line) throws DataFormatException {
        String[] cells = split(line);
        if (cells.length != columns.size()) {
            throw new DataFormatException("line " + lineNumber + " has " + cells.length + " fields, the #fields line names "
                    + columns.size(), lineNumber);
        }
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            if (cell.equals(unsetField) || cell.equals(emptyField) || cell.isEmpty()) {
                cells[i] = null;
                continue;
            }
            ColumnType type = types == null ? null : types[i];
            if (type == ColumnType.BOOLEAN) {
                cells[i] = switch (cell) {
                    case "T" -> "true";
                    case "F" -> "false";
                    default -> throw error("'" + cell + "' is not a Zeek bool (T or F) in field '" + fields.get(i) + "'");
                };
            } else if (type != null) {
                if (!numbers.parse(cell)) {
                    throw error("'" + cell + "' is not a number in field '" + fields.get(i) + "'");
                }
            } else if (cell.contains("\\x")) {
                cells[i] = unescape(cell);
            }
        }
        return cells;
    }

    /** Decodes Zeek's {@code \xHH} byte escapes (runs of them may spell one UTF-8 character). */
    static String unescape(String text) {
        if (!text.contains("\\x")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (i + 3 < text.length() && text.charAt(i) == '\\' && text.charAt(i + 1) == 'x'
                    && Character.digit(text.charAt(i + 2), 16) >= 0 && Character.digit(text.charAt(i + 3), 16) >= 0) {
                bytes.write(Integer.parseInt(text, i + 2, i + 4, 16));
                i += 4;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(text.charAt(i++));
        }
        out.append(bytes.toString(StandardCharsets.UTF_8));
        return out.toString();
    }

    /** Splits on the separator string, keeping empty cells (no regular expression). */
    private String[] split(String line) {
        List<String> cells = new ArrayList<>(columns == null ? 16 : columns.size());
        int start = 0;
        int at;
        while ((at = line.indexOf(separator, start)) >= 0) {
            cells.add(line.substring(start, at));
            start = at + separator.length();
        }
        cells.add(line.substring(start));
        return cells.toArray(new String[0]);
    }

    private String nextLine() throws IOException {
        if (pending != null) {
            String line = pending;
            pending = null;
            return line;
        }
        return readLine();
    }

    private String readLine() throws IOException {
        String line = lines.readLine();
        if (line != null) {
            lineNumber++;
        }
        return line;
    }

    private DataFormatException error(String problem) {
        return new DataFormatException("line " + lineNumber + ": " + problem, lineNumber);
    }

    @Override
    public List<String> columnNames() {
        return columns;
    }

    @Override
    public Map<String, ColumnType> declaredTypes() {
        return Collections.unmodifiableMap(declared);
    }

    @Override
    public boolean header() {
        return true;
    }

    @Override
    public long line() {
        return rowLine;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
