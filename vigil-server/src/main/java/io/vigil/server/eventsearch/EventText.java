package io.vigil.server.eventsearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An event as a few plain sentences, for the sentence model: what it is, who was involved, what the
 * model and the rules said, why (the top features) and what analysts wrote. Plain words embed better
 * than JSON, and the same words are what an analyst types.
 */
public final class EventText {
    private static final int MAX_FEATURES = 5;
    private static final int MAX_CHARS = 2_000; // the model reads 256 tokens at most; the rest would be cut anyway

    private EventText() {}

    /** The text of an event; parts that are null or empty are left out. */
    public static String render(EventTextParts p) {
        List<String> sentences = new ArrayList<>();
        if (present(p.title())) sentences.add(capitalised(p.title().strip()));
        if (p.notes() != null) { // what analysts wrote says most about an event, and the model reads 256 tokens at most: early
            for (String note : p.notes()) if (present(note)) sentences.add("Analyst note: " + note.strip());
        }
        String kind = (present(p.kind()) ? capitalised(p.kind()) + " event" : "Event")
                + (present(p.severity()) ? ", severity " + p.severity() : "");
        sentences.add(kind);
        String verdict = verdict(p);
        if (!verdict.isEmpty()) sentences.add(verdict);
        if (p.rulesFired() != null && !p.rulesFired().isEmpty()) sentences.add("Rules fired: " + String.join(", ", p.rulesFired()));
        if (p.divergent()) sentences.add("The rules and the ML model disagree");
        String entities = entities(p);
        if (!entities.isEmpty()) sentences.add(entities);
        String features = features(p.topFeatures());
        if (!features.isEmpty()) sentences.add("Top features: " + features);
        String text = String.join(". ", sentences) + ".";
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    }

    /** The verdict in words first (what a sentence model reads best), the scores after it. */
    private static String verdict(EventTextParts p) {
        String line = "";
        if (present(p.verdictLabel())) {
            line = (present(p.modelType()) ? "The " + p.modelType() + " model says " : "Verdict ") + p.verdictLabel();
        } else if (present(p.modelType())) {
            line = "Model type " + p.modelType();
        }
        List<String> scores = new ArrayList<>();
        if (p.mlScore() != null) scores.add("ML threat " + number(p.mlScore()));
        if (p.ruleScore() != null) scores.add("rule threat " + number(p.ruleScore()));
        if (p.finalScore() != null) scores.add("final threat " + number(p.finalScore()));
        if (!scores.isEmpty()) line = line.isEmpty() ? String.join(", ", scores) : line + " (" + String.join(", ", scores) + ")";
        return capitalised(line);
    }

    private static String entities(EventTextParts p) {
        List<String> parts = new ArrayList<>();
        if (present(p.sourceHost())) parts.add("source host " + p.sourceHost());
        if (present(p.destinationHost())) parts.add("destination host " + p.destinationHost());
        if (present(p.assetId())) parts.add("asset " + p.assetId());
        if (present(p.userName())) parts.add("user " + p.userName());
        return parts.isEmpty() ? "" : capitalised(String.join(", ", parts));
    }

    private static String features(List<EventTextParts.Contribution> top) {
        if (top == null) return "";
        List<String> parts = new ArrayList<>();
        for (EventTextParts.Contribution c : top) {
            if (c == null || !present(c.feature())) continue;
            String value = c.value() instanceof Number n ? number(n.doubleValue()) : String.valueOf(c.value());
            parts.add(c.feature() + " = " + value + " (" + (c.contribution() >= 0 ? "+" : "") + number(c.contribution()) + ")");
            if (parts.size() == MAX_FEATURES) break;
        }
        return String.join(", ", parts);
    }

    private static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return String.format(Locale.ROOT, "%.2f", x);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
