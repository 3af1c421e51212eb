package io.vigil.engine.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes header names usable as keys, deterministically: names are trimmed, an empty name becomes
 * {@code column_<position>} (1-based) and a repeated name gets {@code _2}, {@code _3}, ... appended
 * (skipping names already taken). Uploads from spreadsheets and pandas often have an unnamed index
 * column or repeated names; renaming keeps them readable instead of rejecting the file, and the
 * renamed columns are visible in {@link DetectedFormat#columns()}.
 */
final class HeaderNames {

    private HeaderNames() {
    }

    static List<String> normalize(List<String> raw) {
        List<String> trimmed = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : raw.get(i).strip();
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
