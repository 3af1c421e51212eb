package io.vigil.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table: upper-case headers (unless they are data, see {@link #headersAsGiven}),
 * columns two spaces apart, numbers right-aligned.
 */
public final class Table {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,.]*(e[+-]?[0-9]+)?( ?[%a-zA-Z]{0,3})?");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private boolean headersAsGiven;

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; null cells print as "-". */
    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Object cell = i < cells.length ? cells[i] : null;
            row.add(cell == null || cell.toString().isEmpty() ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    /** Prints the headers as given: they are names from the data (columns, classes), where case matters. */
    public Table headersAsGiven() {
        headersAsGiven = true;
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        int columns = headers.size();
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).equals("-") || NUMBER.matcher(row.get(c)).matches();
            }
        }
        out.println(line(headersAsGiven ? headers : headers.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList(),
                widths, numeric));
        for (List<String> row : rows) out.println(line(row, widths, numeric));
    }

    private static String line(List<String> cells, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) line.append("  ");
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            boolean last = c == cells.size() - 1;
            if (rightAligned[c]) line.append(pad).append(cell);
            else line.append(cell).append(last ? "" : pad);
        }
        return line.toString();
    }
}
