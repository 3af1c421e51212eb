package io.vigil.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Security logs with one event per line whose fields vary from line to line (Suricata EVE, Cowrie,
 * CEF, LEEF), read as a table by a {@link LogLineParser}.
 * <ul>
 *   <li><b>Columns</b>: unless given, the union of the fields of the first
 *       {@value JsonLinesRowSource#LOOKAHEAD_OBJECTS} lines kept (or as many as fit in
 *       {@value JsonLinesRowSource#LOOKAHEAD_CHARS} characters), in the order they first appear; a
 *       line without a field has a missing cell. Those lines are held while they are read.</li>
 *   <li><b>Later fields</b>: a field first seen after that head (or, with given columns, one not
 *       among them) is not read: it is counted by name in {@link #ignoredFields()} (the number of
 *       lines that had it; the first {@value #IGNORED_NAMES_KEPT} such names), never an error, so a
 *       rare field deep in a large log cannot fail an upload. Give the columns to read it.</li>
 *   <li><b>Types</b>: a column whose values in the head are all numbers (or all booleans) in the
 *       format's own terms (JSON numbers and booleans) is declared INTEGER, NUMERIC or BOOLEAN; one
 *       whose values are all JSON strings, some of them digits (Cowrie's {@code password}
 *       {@code "123456"}), is declared CATEGORICAL so that it is not taken for a number; the format
 *       fixes some more ({@link LogLineParser#fixedTypes()}); the rest is inferred by the profiler
 *       like CSV columns.</li>
 *   <li><b>Event type</b>: with {@link ReadOptions#eventType()} only lines whose event type field
 *       equals it, or starts with it followed by a dot, are read; the columns are then those of
 *       that event type alone.</li>
 *   <li>Blank lines are skipped; a line that is not of the format, or has a field twice, is a
 *       {@link DataFormatException} naming its line.</li>
 * </ul>
 */
final class LogLineRowSource implements RowSource {

    static final int IGNORED_NAMES_KEPT = 1_000;
    private static final int TYPES_NAMED = 10;

    private final BufferedReader lines;
    private final LogLineParser parser;
    private final String eventType;
    private final boolean header;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, ColumnType> declared = new LinkedHashMap<>();
    private final Map<String, Long> ignored = new TreeMap<>();
    private final ArrayDeque<String[]> heldRows = new ArrayDeque<>();
    private final ArrayDeque<Long> heldLines = new ArrayDeque<>();
    private long lineNumber;
    private long rowLine;

    /** The line being read: its fields, and their kinds as the format tells them. */
    private final List<String> keys = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final List<ColumnType> kinds = new ArrayList<>();
    private final Set<String> lineKeys = new HashSet<>();
    private final NumberSyntax numbers = new NumberSyntax();

    LogLineRowSource(Reader reader, LogLineParser parser, List<String> givenColumns, String eventType) throws IOException {
        this.lines = new BufferedReader(reader, 64 * 1024);
        this.parser = parser;
        this.eventType = eventType;
        if (eventType != null && parser.eventTypeField() == null) {
            throw new DataFormatException("this format has no event type to keep; leave the event type out", -1);
        }
        this.header = givenColumns.isEmpty();
        List<String> names = new ArrayList<>(givenColumns);
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        readAhead(names);
        this.columns = List.copyOf(names);
    }

    /** Holds the first lines kept, collecting their fields (unless given) and the evidence of their types. */
    private void readAhead(List<String> names) throws IOException {
        List<ColumnType> evidence = new ArrayList<>();
        BitSet untyped = new BitSet();
        BitSet numberLike = new BitSet();
        Set<String> typesSeen = new LinkedHashSet<>();
        long chars = 0;
        String line;
        while (heldRows.size() < JsonLinesRowSource.LOOKAHEAD_OBJECTS && chars < JsonLinesRowSource.LOOKAHEAD_CHARS
                && (line = nextLine()) != null) {
            if (!parseKept(line, typesSeen)) {
                continue;
            }
            String[] row = new String[names.size() + keys.size()];
            for (int f = 0; f < keys.size(); f++) {
                Integer column = index.get(keys.get(f));
                if (column == null && header) {
                    column = names.size();
                    names.add(keys.get(f));
                    index.put(keys.get(f), column);
                }
                if (column == null) {
                    ignore(keys.get(f));
                    continue;
                }
                row[column] = values.get(f);
                while (evidence.size() <= column) evidence.add(null);
                typeEvidence(evidence, untyped, column, values.get(f), kinds.get(f));
                if (kinds.get(f) == ColumnType.TEXT && !numberLike.get(column) && numbers.parse(values.get(f))) {
                    numberLike.set(column);
                }
            }
            heldRows.addLast(row);
            heldLines.addLast(rowLine);
            chars += line.length();
        }
        if (heldRows.isEmpty() && eventType != null && !typesSeen.isEmpty()) {
            throw new DataFormatException("no line has " + parser.eventTypeField() + " '" + eventType + "'; the file has "
                    + String.join(", ", typesSeen) + (typesSeen.size() == TYPES_NAMED ? "..." : ""), -1);
        }
        for (int c = 0; c < evidence.size(); c++) {
            ColumnType type = evidence.get(c);
            if (type != null && !untyped.get(c) && (type != ColumnType.TEXT || numberLike.get(c))) {
                declared.put(names.get(c), type == ColumnType.TEXT ? ColumnType.CATEGORICAL : type);
            }
        }
        parser.fixedTypes().forEach((name, type) -> {
            if (index.containsKey(name)) declared.put(name, type);
        });
    }

    /** A column stays typed while every value has the same kind (integers and reals make NUMERIC). */
    private static void typeEvidence(List<ColumnType> evidence, BitSet untyped, int column, String value, ColumnType kind) {
        if (value == null) {
            return;
        }
        ColumnType before = evidence.get(column);
        if (kind == null) {
            untyped.set(column);
        } else if (before == null || before == kind) {
            evidence.set(column, kind);
        } else if (isNumber(before) && isNumber(kind)) {
            evidence.set(column, ColumnType.NUMERIC);
        } else {
            untyped.set(column);
        }
    }

    private static boolean isNumber(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.NUMERIC;
    }

    @Override
    public String[] next() throws IOException {
        if (!heldRows.isEmpty()) {
            rowLine = heldLines.removeFirst();
            return Arrays.copyOf(heldRows.removeFirst(), columns.size());
        }
        String line;
        while ((line = nextLine()) != null) {
            if (!parseKept(line, null)) {
                continue;
            }
            String[] row = new String[columns.size()];
            for (int f = 0; f < keys.size(); f++) {
                Integer column = index.get(keys.get(f));
                if (column == null) {
                    ignore(keys.get(f));
                } else {
                    row[column] = values.get(f);
                }
            }
            return row;
        }
        return null;
    }

    /** Parses a non-blank line into the scratch lists; false when it is blank or of another event type. */
    private boolean parseKept(String line, Set<String> typesSeen) throws DataFormatException {
        if (line.isBlank()) {
            return false;
        }
        keys.clear();
        values.clear();
        kinds.clear();
        lineKeys.clear();
        long at = lineNumber;
        parser.parse(line, at, (key, value, kind) -> {
            if (!lineKeys.add(key)) {
                throw new DataFormatException("line " + at + " has the field '" + key + "' twice", at);
            }
            keys.add(key);
            values.add(value);
            kinds.add(kind);
        });
        rowLine = at;
        if (eventType == null) {
            return true;
        }
        int typeAt = keys.indexOf(parser.eventTypeField());
        String type = typeAt < 0 ? null : values.get(typeAt);
        if (typesSeen != null && type != null && typesSeen.size() < TYPES_NAMED) {
            typesSeen.add(type);
        }
        return type != null && (type.equals(eventType)
                || type.length() > eventType.length() && type.startsWith(eventType) && type.charAt(eventType.length()) == '.');
    }

    private void ignore(String key) {
        if (ignored.size() < IGNORED_NAMES_KEPT || ignored.containsKey(key)) {
            ignored.merge(key, 1L, Long::sum);
        }
    }

    private String nextLine() throws IOException {
        String line = lines.readLine();
        if (line != null) {
            lineNumber++;
        }
        return line;
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
    public Map<String, Long> ignoredFields() {
        return Collections.unmodifiableMap(ignored);
    }

    @Override
    public boolean header() {
        return header;
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
