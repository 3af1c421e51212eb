package io.vigil.server.eventsearch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads filters out of a query in words, and leaves the rest to be embedded.
 *
 * <ul>
 *   <li>Time, relative to the injected clock, days in the clock's zone: {@code today}, {@code yesterday},
 *       {@code last|past|previous [N] minute(s)|hour(s)|day(s)|week(s)|month(s)} (N a number or a, an, one to twelve;
 *       a week is 7 days, a month 30; the window ends now). Several time words narrow each other.</li>
 *   <li>Severity: {@code high severity}, {@code critical}, {@code severe} → critical; {@code medium severity},
 *       {@code warning(s)} → warning; {@code low severity}, {@code informational} → info. Several add up.</li>
 *   <li>Divergence: {@code divergent}, {@code divergence}, {@code ML disagreed}, {@code rules and ML disagree},
 *       {@code disagreement}.</li>
 *   <li>Rules: {@code rule(s) fired|triggered|hit|matched}, {@code fast|rule detector [triggered|fired]}, and {@code rules}
 *       alone: some rule fired.</li>
 *   <li>A model type named as a whole word (the known ones, longest first).</li>
 * </ul>
 * The words read are removed (with the connectives they leave dangling); what remains is the text to embed.
 */
final class QueryWords {
    private static final String NUMBER = "(\\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final Pattern RELATIVE = Pattern.compile("\\b(?:(?:in|during|over|within|for)\\s+)?(?:the\\s+)?(?:last|past|previous)\\s+(?:"
            + NUMBER + "\\s*)?(minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern YESTERDAY = Pattern.compile("\\b(?:from\\s+|since\\s+|on\\s+)?yesterday\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TODAY = Pattern.compile("\\b(?:from\\s+|since\\s+)?today\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Pattern> SEVERITY = Map.of(
            "critical", Pattern.compile("\\b(?:(?:high|critical)[\\s-]+severity|critical|severe)\\b", Pattern.CASE_INSENSITIVE),
            "warning", Pattern.compile("\\b(?:(?:medium|moderate|warning)[\\s-]+severity|warnings?)\\b", Pattern.CASE_INSENSITIVE),
            "info", Pattern.compile("\\b(?:(?:low|info)[\\s-]+severity|informational)\\b", Pattern.CASE_INSENSITIVE));
    private static final Pattern DIVERGENT = Pattern.compile("\\b(?:(?:the\\s+)?(?:rules?\\s+and\\s+(?:the\\s+)?ML|ML\\s+and\\s+(?:the\\s+)?rules?)"
            + "(?:\\s+models?)?\\s+disagree(?:d|s|ing)?|(?:the\\s+)?ML(?:\\s+model)?\\s+(?:disagreed|disagrees|disagreeing|did\\s+not\\s+agree|said\\s+benign)"
            + "|divergen(?:t|ce|ces)|disagreements?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern RULE_FIRED = Pattern.compile("\\b(?:(?:the\\s+)?(?:fast|rules?|rule-based)\\s+detectors?(?:\\s+(?:triggered|fired|hit|matched|alerted|flagged))?"
            + "|rules?\\s+(?:fired|triggered|hit|matched)|rules)\\b", Pattern.CASE_INSENSITIVE);
    private static final Set<String> CONNECTIVES = Set.of("but", "and", "or", "with", "where", "when", "while", "that", "in", "on", "from",
            "of", "the", "for", "during", "over", "since", "whose", "which", "by");

    private final Clock clock;

    QueryWords(Clock clock) {
        this.clock = clock;
    }

    /** What a query says: the text left to embed, the filters read, and each filter with the words it came from. */
    record Reading(String text, SearchFilters filters, List<ReadFilter> read) {}

    /** Reads {@code query} on top of {@code given}; a filter the caller set is kept, and the words for it are reported unapplied. */
    Reading read(String query, SearchFilters given, Collection<String> modelTypes) {
        StringBuilder text = new StringBuilder(query);
        List<ReadFilter> read = new ArrayList<>();
        SearchFilters f = given;
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        LocalDate today = LocalDate.ofInstant(now, zone);

        for (String words : take(text, YESTERDAY)) {
            Instant from = today.minusDays(1).atStartOfDay(zone).toInstant();
            Instant to = today.atStartOfDay(zone).toInstant();
            f = f.withTime(from, to);
            read.add(new ReadFilter("time", words, from + "/" + to, true));
        }
        for (String words : take(text, TODAY)) {
            Instant from = today.atStartOfDay(zone).toInstant();
            Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
            f = f.withTime(from, to);
            read.add(new ReadFilter("time", words, from + "/" + to, true));
        }
        Matcher m = RELATIVE.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            Duration span = unit(m.group(2)).multipliedBy(count(m.group(1)));
            Instant from = now.minus(span);
            f = f.withTime(from, null);
            read.add(new ReadFilter("time", m.group().strip(), from + "/" + now, true));
            spans.add(new int[] {m.start(), m.end()});
        }
        blank(text, spans);

        Set<String> severities = new LinkedHashSet<>();
        List<String> severityWords = new ArrayList<>();
        for (String level : List.of("critical", "warning", "info")) {
            for (String words : take(text, SEVERITY.get(level))) {
                severities.add(level);
                severityWords.add(words);
            }
        }
        if (!severities.isEmpty()) {
            boolean applies = given.severities() == null;
            if (applies) f = f.withSeverities(severities);
            read.add(new ReadFilter("severity", String.join(", ", severityWords), String.join(",", severities), applies));
        }
        List<String> divergentWords = take(text, DIVERGENT);
        if (!divergentWords.isEmpty()) {
            boolean applies = given.divergent() == null;
            if (applies) f = f.withDivergent(true);
            read.add(new ReadFilter("divergent", String.join(", ", divergentWords), "true", applies));
        }
        List<String> ruleWords = take(text, RULE_FIRED);
        if (!ruleWords.isEmpty()) {
            boolean applies = given.ruleFired() == null;
            if (applies) f = f.withRuleFired(true);
            read.add(new ReadFilter("ruleFired", String.join(", ", ruleWords), "true", applies));
        }
        List<String> types = new ArrayList<>(modelTypes);
        types.sort(Comparator.comparingInt(String::length).reversed());
        for (String type : types) {
            if (type.isBlank()) continue;
            Pattern p = Pattern.compile("(?<![\\w-])" + Pattern.quote(type) + "(?![\\w-])", Pattern.CASE_INSENSITIVE);
            List<String> words = take(text, p);
            if (words.isEmpty()) continue;
            boolean applies = given.modelType() == null && f.modelType() == null;
            if (applies) f = f.withModelType(type);
            read.add(new ReadFilter("modelType", words.get(0), type, applies));
        }
        return new Reading(tidy(text.toString()), f, List.copyOf(read));
    }

    /** Removes every match of {@code p} from {@code text} and answers the words matched. */
    private static List<String> take(StringBuilder text, Pattern p) {
        Matcher m = p.matcher(text);
        List<String> words = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            words.add(m.group().strip());
            spans.add(new int[] {m.start(), m.end()});
        }
        blank(text, spans);
        return words;
    }

    /** Replaces each span by spaces (the same length, so later spans stay where they were). */
    private static void blank(StringBuilder text, List<int[]> spans) {
        for (int[] s : spans) {
            for (int i = s[0]; i < s[1]; i++) text.setCharAt(i, ' ');
        }
    }

    /** Whitespace collapsed, and connectives left at either end or doubled by a removal dropped. */
    private static String tidy(String text) {
        String[] words = text.replaceAll("[\\s,;:]+", " ").strip().split(" ");
        List<String> kept = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty()) continue;
            boolean connective = CONNECTIVES.contains(w.toLowerCase(Locale.ROOT));
            if (connective && (kept.isEmpty() || CONNECTIVES.contains(kept.get(kept.size() - 1).toLowerCase(Locale.ROOT)))) continue;
            kept.add(w);
        }
        while (!kept.isEmpty() && CONNECTIVES.contains(kept.get(kept.size() - 1).toLowerCase(Locale.ROOT))) kept.remove(kept.size() - 1);
        return String.join(" ", kept);
    }

    private static long count(String n) {
        if (n == null) return 1;
        return switch (n.toLowerCase(Locale.ROOT)) {
            case "a", "an", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            case "seven" -> 7;
            case "eight" -> 8;
            case "nine" -> 9;
            case "ten" -> 10;
            case "eleven" -> 11;
            case "twelve" -> 12;
            default -> Long.parseLong(n);
        };
    }

    private static Duration unit(String u) {
        String s = u.toLowerCase(Locale.ROOT);
        if (s.startsWith("min")) return Duration.ofMinutes(1);
        if (s.startsWith("h")) return Duration.ofHours(1);
        if (s.startsWith("d")) return Duration.ofDays(1);
        if (s.startsWith("w")) return Duration.ofDays(7);
        return Duration.ofDays(30);
    }
}
