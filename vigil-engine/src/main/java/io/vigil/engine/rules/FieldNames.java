package io.vigil.engine.rules;

import java.util.Locale;
import java.util.Set;

/** The known field nearest to a misspelt one, for messages. */
final class FieldNames {
    private static final int MAX_DISTANCE = 2;
    private static final int MAX_LENGTH = 64;

    private FieldNames() {
    }

    /** The known name within two edits of {@code name} (case ignored), the closest first; null when none. */
    static String nearest(String name, Set<String> known) {
        if (name.length() > MAX_LENGTH) return null;
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String k : known) {
            if (k.length() > MAX_LENGTH || Math.abs(k.length() - name.length()) > MAX_DISTANCE) continue;
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
