package io.vigil.engine.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes header names usable as keys, deterministically: names are trimmed ({@link #trim}), an empty
 * name becomes {@code column_<position>} (1-based) and a repeated name gets {@code _2}, {@code _3},
 * ... appended (skipping names already taken). Uploads from spreadsheets and pandas often have an
 * unnamed index column or repeated names; renaming keeps them readable instead of rejecting the
 * file, and the renamed columns are visible in {@link DetectedFormat#columns()}.
 */
public final class HeaderNames {

    private HeaderNames() {
    }

    /**
     * A column name as the readers keep it: without the white space around it (CIC-IDS2017's CSV
     * writes {@code " Destination Port"}). Public so that a field name sent for scoring is matched
     * to a model's input by this same rule. The same string when there is nothing to remove.
     */
    public static String trim(String name) {
        return name.strip();
    }

    static List<String> normalize(List<String> raw) {
        List<String> trimmed = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : trim(raw.get(i));
            trimmed.add(name.isEmpty() ? "column_" + (i + 1) : name);
        }
        Set<String> taken = new HashSet<>(trimmed);
        Set<String> used = new HashSet<>();
        List<String> result = new ArrayList<>(trimmed.size());
        for (String name : trimmed) {
            String unique = name;
            if (!used.add(name)) {
                int suffix = 2;
                do {
                    unique = name + "_" + suffix++;
                } while (taken.contains(unique) || used.contains(unique));
                used.add(unique);
            }
            result.add(unique);
        }
        return List.copyOf(result);
    }
}
