package io.vigil.engine.data;

/**
 * Numbers written the continental-European way, as spreadsheets in those locales export CSV:
 * {@code 3,75} and {@code -1.234,5} (a dot between thousands). Turned into {@code 3.75} and
 * {@code -1234.5} so that every later step reads them as numbers. Only a cell with a decimal comma
 * is touched: {@code 1.234} alone stays as written, since it could be either.
 */
final class DecimalComma {
    private DecimalComma() {
    }

    /** The cell with its decimal comma made a point, or the cell itself when it is not such a number. */
    static String toPoint(String cell) {
        if (cell == null) {
            return null;
        }
        int comma = cell.indexOf(',');
        if (comma < 0 || cell.indexOf(',', comma + 1) >= 0) {
            return cell;
        }
        int start = 0;
        int end = cell.length();
        while (start < end && cell.charAt(start) == ' ') {
            start++;
        }
        while (end > start && cell.charAt(end - 1) == ' ') {
            end--;
        }
        int i = start;
        if (i < end && (cell.charAt(i) == '-' || cell.charAt(i) == '+')) {
            i++;
        }
        // integer part: digits, or groups of three digits separated by dots
        int digitsBefore = 0;
        int group = 0;
        boolean grouped = false;
        for (; i < comma; i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                digitsBefore++;
                group++;
            } else if (c == '.' && group >= 1 && (grouped ? group == 3 : group <= 3)) {
                grouped = true;
                group = 0;
            } else {
                return cell;
            }
        }
        if (digitsBefore == 0 || (grouped && group != 3)) {
            return cell;
        }
        if (comma + 1 >= end) {
            return cell;
        }
        for (int j = comma + 1; j < end; j++) {
            char c = cell.charAt(j);
            if (c < '0' || c > '9') {
                return cell;
            }
        }
        String whole = cell.substring(start, comma);
        if (grouped) {
            whole = whole.replace(".", "");
        }
        return whole + '.' + cell.substring(comma + 1, end);
    }
}
