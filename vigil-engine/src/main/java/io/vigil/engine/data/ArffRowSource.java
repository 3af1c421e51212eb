package io.vigil.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Weka ARFF: {@code @relation}, {@code @attribute name type} (numeric, real, integer, string,
 * date, nominal {@code {a,b}}), then {@code @data} with dense comma-separated rows. Values are
 * checked against their declaration (numbers parse, nominal values are declared) as Weka does.
 * Sparse rows and relational attributes are rejected with a clear message.
 */
final class ArffRowSource implements RowSource {

    private final BufferedReader lines;
    private final List<String> columns = new ArrayList<>();
    private final Map<String, ColumnType> declared = new LinkedHashMap<>();
    /** Per column: the declared nominal values, or null when not nominal. */
    private final List<Set<String>> nominalValues = new ArrayList<>();
    private final List<Boolean> numeric = new ArrayList<>();
    private final NumberSyntax numbers = new NumberSyntax();
    private long lineNumber;
    private long rowLine;

    ArffRowSource(Reader reader) throws IOException {
        this.lines = new BufferedReader(reader, 64 * 1024);
        readHeader();
    }

    private void readHeader() throws IOException {
        boolean relation = false;
        String text;
        while ((text = readLine()) != null) {
            String line = text.strip();
            if (line.isEmpty() || line.startsWith("%")) {
                continue;
            }
            String keyword = keyword(line);
            switch (keyword) {
                case "@relation" -> relation = true;
                case "@attribute" -> {
                    if (!relation) {
                        throw error("@attribute before @relation");
                    }
                    attribute(line.substring(keyword.length()));
                }
                case "@data" -> {
                    if (columns.isEmpty()) {
                        throw error("the ARFF header declares no attributes");
                    }
                    return;
                }
                default -> throw error("expected @relation, @attribute or @data but found '" + abbreviate(line) + "'");
            }
        }
        throw new DataFormatException(relation ? "the ARFF header has no @data line" : "the file is not ARFF (no @relation line)", -1);
    }

    private void attribute(String rest) throws DataFormatException {
        ArffTokenizer.Name name;
        try {
            name = ArffTokenizer.readName(rest, 0);
        } catch (IllegalArgumentException e) {
            throw error("bad @attribute: " + e.getMessage());
        }
        String type = rest.substring(name.end()).strip();
        if (name.name().isEmpty() || type.isEmpty()) {
            throw error("an @attribute needs a name and a type");
        }
        if (declared.containsKey(name.name())) {
            throw error("the attribute '" + name.name() + "' is declared twice");
        }
        Set<String> nominal = null;
        ColumnType columnType;
        if (type.startsWith("{")) {
            int close = type.lastIndexOf('}');
            if (close < 0) {
                throw error("the nominal values of '" + name.name() + "' are not closed with '}'");
            }
            nominal = new HashSet<>();
            try {
                for (ArffTokenizer.Token value : ArffTokenizer.split(type, 1, close)) {
                    nominal.add(value.text());
                }
            } catch (IllegalArgumentException e) {
                throw error("bad nominal values of '" + name.name() + "': " + e.getMessage());
            }
            columnType = ColumnType.CATEGORICAL;
        } else {
            String word = type.split("[ \t]", 2)[0].toLowerCase(Locale.ROOT);
            columnType = switch (word) {
                case "numeric", "real" -> ColumnType.NUMERIC;
                case "integer" -> ColumnType.INTEGER;
                case "string" -> ColumnType.TEXT;
                case "date" -> ColumnType.TIMESTAMP;
                case "relational" -> throw error("relational ARFF attributes are not supported ('" + name.name() + "')");
                default -> throw error("unknown type '" + abbreviate(type) + "' for attribute '" + name.name() + "'");
            };
        }
        columns.add(name.name());
        declared.put(name.name(), columnType);
        nominalValues.add(nominal);
        numeric.add(columnType == ColumnType.NUMERIC || columnType == ColumnType.INTEGER);
    }

    @Override
    public String[] next() throws IOException {
        String text;
        while ((text = readLine()) != null) {
            String line = text.strip();
            if (line.isEmpty() || line.startsWith("%")) {
                continue;
            }
            if (line.startsWith("{")) {
                throw error("sparse ARFF is not supported (convert the file to dense ARFF or CSV)");
            }
            rowLine = lineNumber;
            return row(line);
        }
        return null;
    }

    private String[] row(String line) throws DataFormatException {
        List<ArffTokenizer.Token> tokens;
        try {
            tokens = ArffTokenizer.split(line, 0, line.length());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (tokens.size() != columns.size()) {
            throw new DataFormatException("line " + lineNumber + " has " + tokens.size()
                    + " values, the ARFF header declares " + columns.size() + " attributes", lineNumber);
        }
        String[] row = new String[tokens.size()];
        for (int i = 0; i < row.length; i++) {
            ArffTokenizer.Token token = tokens.get(i);
            String value = token.text();
            if (!token.quoted() && (value.equals("?") || value.isEmpty())) {
                continue; // missing
            }
            Set<String> nominal = nominalValues.get(i);
            if (nominal != null && !nominal.contains(value)) {
                throw error("'" + abbreviate(value) + "' is not one of the declared values of attribute '" + columns.get(i) + "'");
            }
            if (numeric.get(i) && !numbers.parse(value)) {
                throw error("'" + abbreviate(value) + "' is not a number (attribute '" + columns.get(i) + "')");
            }
            row[i] = value;
        }
        return row;
    }

    private String readLine() throws IOException {
        String line = lines.readLine();
        if (line != null) {
            lineNumber++;
        }
        return line;
    }

    private static String keyword(String line) {
        int end = 0;
        while (end < line.length() && !ArffTokenizer.isBlank(line.charAt(end))) {
            end++;
        }
        return line.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private DataFormatException error(String problem) {
        return new DataFormatException("line " + lineNumber + ": " + problem, lineNumber);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public List<String> columnNames() {
        return List.copyOf(columns);
    }

    @Override
    public Map<String, ColumnType> declaredTypes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(declared));
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
