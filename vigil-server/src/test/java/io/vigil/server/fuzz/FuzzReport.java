package io.vigil.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the fuzz run found. Every answer must be one of: a success, or an error with a 4xx status
 * and an RFC 7807 problem document ({@code application/problem+json} with type, title, status and
 * detail, in the caller's terms). A 5xx, an error of another shape, an error naming Java classes or
 * libraries, an answer without {@code X-Content-Type-Options: nosniff}, or no answer at all is a finding.
 */
final class FuzzReport {
    private static final Pattern INTERNALS = Pattern.compile(
            "org\\.eclipse|com\\.fasterxml|io\\.javalin|java\\.(io|lang|util|nio)|jakarta\\.|\\b\\w+(Exception|Error)\\b|\\bjetty\\b|\\bjackson\\b");

    /** One finding: which case, what was wrong, what came back. */
    record Finding(FuzzCases.FuzzCase fuzzCase, String what, Answer answer) {
        String group() {
            return fuzzCase.route() + " | " + fuzzCase.kind() + " | " + (answer.status() == 0 ? "none" : answer.status()) + " | " + what;
        }
    }

    private final Map<String, Integer> statuses = new TreeMap<>();
    private final Map<String, int[]> kinds = new TreeMap<>();
    private final Map<String, Integer> routes = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private int requests;

    synchronized void add(FuzzCases.FuzzCase c, Answer a) {
        requests++;
        statuses.merge(a.status() == 0 ? "no answer" : Integer.toString(a.status()), 1, Integer::sum);
        routes.merge(c.route(), 1, Integer::sum);
        int[] k = kinds.computeIfAbsent(c.kind(), x -> new int[2]);
        k[0]++;
        String wrong = check(c, a);
        if (wrong != null) {
            k[1]++;
            findings.add(new Finding(c, wrong, a));
        }
    }

    private static String check(FuzzCases.FuzzCase c, Answer a) {
        if (a.status() == 0) {
            return "no answer (" + a.failure() + ")";
        }
        if (a.status() >= 500) {
            return "server error";
        }
        if (!"nosniff".equals(a.header("X-Content-Type-Options"))) {
            return "no X-Content-Type-Options: nosniff";
        }
        if (a.status() < 400) {
            return null;
        }
        String type = a.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "error is " + (type == null ? "untyped" : type) + ", not a problem document";
        }
        if (new String(c.request(), 0, Math.min(5, c.request().length), StandardCharsets.ISO_8859_1).startsWith("HEAD ")) {
            return null; // no body to check
        }
        try {
            JsonNode p = Json.MAPPER.readTree(a.body());
            // RFC 7807: a missing type means about:blank; status, title and detail are what a caller reads
            if (p == null || p.path("status").asInt() != a.status() || p.path("title").asText().isBlank()
                    || p.path("detail").asText().isBlank() || p.has("type") && !p.path("type").asText().startsWith("https://")) {
                return "problem document incomplete";
            }
            if (INTERNALS.matcher(p.path("title").asText() + " " + p.path("detail").asText()).find()) {
                return "problem names internals";
            }
            return null;
        } catch (java.io.IOException e) {
            return "problem body is not JSON";
        }
    }

    synchronized int requests() {
        return requests;
    }

    synchronized List<Finding> findings() {
        return List.copyOf(findings);
    }

    synchronized String summary(String target, long seed, long millis) {
        StringBuilder s = new StringBuilder();
        s.append("## HTTP fuzz: ").append(requests).append(" requests, seed ").append(seed).append(", ")
                .append(String.format("%.1f", millis / 1000.0)).append(" s, against ").append(target).append("\n\n");
        s.append("Statuses: ");
        statuses.forEach((status, n) -> s.append(status).append(" ×").append(n).append(", "));
        s.setLength(s.length() - 2);
        long fiveHundreds = findings.stream().filter(f -> f.answer().status() >= 500).count();
        s.append("\n\nFindings: ").append(findings.size()).append(" (5xx: ").append(fiveHundreds).append(")\n\n");
        s.append("| kind | requests | findings |\n|---|---|---|\n");
        kinds.forEach((kind, n) -> s.append("| ").append(kind).append(" | ").append(n[0]).append(" | ").append(n[1]).append(" |\n"));
        s.append("\nRoutes: ").append(routes.size()).append(" (").append(routes.values().stream().mapToInt(i -> i).min().orElse(0))
                .append(" to ").append(routes.values().stream().mapToInt(i -> i).max().orElse(0)).append(" requests each)\n");
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        findings.stream().sorted(java.util.Comparator.comparingInt(f -> f.fuzzCase().index()))
                .forEach(f -> groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f));
        if (!groups.isEmpty()) {
            s.append("\n| route | kind | status | finding | count | first case: request → answer |\n|---|---|---|---|---|---|\n");
            groups.forEach((group, list) -> {
                Finding first = list.get(0);
                s.append("| ").append(group).append(" | ").append(list.size()).append(" | #").append(first.fuzzCase().index())
                        .append(": `").append(excerpt(first.fuzzCase().request(), 240)).append("` → `")
                        .append(first.answer().status() == 0 ? first.answer().failure() : excerpt(first.answer().body(), 240))
                        .append("` |\n");
            });
        }
        return s.toString();
    }

    /** Printable bytes: control and non-ASCII bytes as \xNN, line ends as \r\n. */
    static String excerpt(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length && s.length() < max; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                s.append("\\r");
            } else if (b == '\n') {
                s.append("\\n");
            } else if (b == '|' || b == '`') {
                s.append("\\x").append(String.format("%02x", b));
            } else if (b < 0x20 || b >= 0x7f) {
                s.append("\\x").append(String.format("%02x", b));
            } else {
                s.append((char) b);
            }
        }
        return bytes.length > max ? s + "..." : s.toString();
    }
}
