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
 * libraries, an answer without {@code X-Content-Type-Options: nosniff}, or no answer at all is a finding;
 * so is an answer the role matrix forbids ({@link AccessRules}), a success to a request of the refused
 * phase built to be refused, and a change to the store by a batch of refused requests ({@link FuzzRun}).
 */
final class FuzzReport {
    private static final Pattern INTERNALS = Pattern.compile(
            "org\\.eclipse|com\\.fasterxml|io\\.javalin|java\\.(io|lang|util|nio)|jakarta\\.|\\b\\w+(Exception|Error)\\b|\\bjetty\\b|\\bjackson\\b");

    /** One finding: which case, what was wrong, what came back. */
    record Finding(FuzzCases.FuzzCase fuzzCase, String what, Answer answer) {
        String group() {
            return fuzzCase.route() + " | " + fuzzCase.kind() + " | " + fuzzCase.identity().label() + " | " + (answer.status() == 0 ? "none" : answer.status()) + " | " + what;
        }
    }

    private final AccessRules rules;
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final Map<String, int[]> kinds = new TreeMap<>();
    private final Map<String, Integer> routes = new TreeMap<>();
    private final Map<FuzzIdentity, Map<String, Integer>> byIdentity = new java.util.EnumMap<>(FuzzIdentity.class);
    private final Map<String, Integer> credentials = new TreeMap<>();
    private final Map<FuzzPhase, long[]> phases = new java.util.EnumMap<>(FuzzPhase.class);
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> stateFindings = new ArrayList<>();
    private final List<String> harnessFailures = new ArrayList<>();
    private int requests;

    FuzzReport(AccessRules rules) {
        this.rules = rules;
    }

    synchronized void add(FuzzCases.FuzzCase c, Answer a) {
        requests++;
        String status = a.status() == 0 ? "no answer" : Integer.toString(a.status());
        statuses.merge(status, 1, Integer::sum);
        routes.merge(c.route(), 1, Integer::sum);
        byIdentity.computeIfAbsent(c.identity(), x -> new TreeMap<>()).merge(statusClass(a.status()), 1, Integer::sum);
        if (c.identity() == FuzzIdentity.FORGED) {
            credentials.merge(c.credential(), 1, Integer::sum);
        }
        phase(c.phase())[0]++;
        int[] k = kinds.computeIfAbsent(c.kind(), x -> new int[2]);
        k[0]++;
        String wrong = check(c, a);
        if (wrong == null) {
            wrong = rules.check(c, a.status(), a.header("WWW-Authenticate"), a.status() == 403 ? detail(a) : null);
        }
        if (wrong == null && c.phase() == FuzzPhase.REFUSED && c.mutating() && a.status() > 0 && a.status() < 400) {
            wrong = "a request built to be refused was answered " + a.status();
        }
        if (wrong != null) {
            k[1]++;
            findings.add(new Finding(c, wrong, a));
        }
    }

    /** A batch of {@code phase} whose every request was refused or safe, and whose store state was compared. */
    synchronized void batchChecked(FuzzPhase phase, long refused, boolean unchanged) {
        long[] p = phase(phase);
        p[1]++;
        p[2] += refused;
        p[3] += unchanged ? 0 : 1;
    }

    synchronized void stateFinding(String what) {
        stateFindings.add(what);
    }

    synchronized void harnessFailure(String what) {
        harnessFailures.add(what);
    }

    /** Requests, batches compared, refused requests in them, batches changed. */
    private long[] phase(FuzzPhase phase) {
        return phases.computeIfAbsent(phase, x -> new long[4]);
    }

    private static String statusClass(int status) {
        return status == 0 ? "no answer" : status == 401 || status == 403 || status == 404 ? Integer.toString(status)
                : status / 100 + "xx";
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

    private static String detail(Answer a) {
        try {
            return Json.MAPPER.readTree(a.body()).path("detail").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    synchronized int requests() {
        return requests;
    }

    synchronized List<Finding> findings() {
        return List.copyOf(findings);
    }

    synchronized List<String> stateFindings() {
        return List.copyOf(stateFindings);
    }

    synchronized List<String> harnessFailures() {
        return List.copyOf(harnessFailures);
    }

    synchronized String summary(String target, long seed, int batchSize, int threads, long millis) {
        StringBuilder s = new StringBuilder();
        s.append("## HTTP fuzz: ").append(requests).append(" requests, seed ").append(seed).append(", batches of ").append(batchSize)
                .append(", ").append(threads).append(" threads, ").append(String.format("%.1f", millis / 1000.0)).append(" s (")
                .append(String.format("%.0f", requests * 1000.0 / Math.max(1, millis))).append(" requests/s), against ").append(target)
                .append("\n\n");
        s.append("Statuses: ");
        statuses.forEach((status, n) -> s.append(status).append(" ×").append(n).append(", "));
        s.setLength(s.length() - 2);
        long fiveHundreds = findings.stream().filter(f -> f.answer().status() >= 500).count();
        s.append("\n\nFindings: ").append(findings.size()).append(" (5xx: ").append(fiveHundreds).append(")\n\n");
        s.append("| kind | requests | findings |\n|---|---|---|\n");
        kinds.forEach((kind, n) -> s.append("| ").append(kind).append(" | ").append(n[0]).append(" | ").append(n[1]).append(" |\n"));
        s.append("\nRoutes: ").append(routes.size()).append(" (").append(routes.values().stream().mapToInt(i -> i).min().orElse(0))
                .append(" to ").append(routes.values().stream().mapToInt(i -> i).max().orElse(0)).append(" requests each)\n");
        identities(s);
        state(s);
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        findings.stream().sorted(java.util.Comparator.comparingInt(f -> f.fuzzCase().index()))
                .forEach(f -> groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f));
        if (!groups.isEmpty()) {
            s.append("\n| route | kind | caller | status | finding | count | first case: request → answer |\n|---|---|---|---|---|---|---|\n");
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

    private void identities(StringBuilder s) {
        List<String> columns = List.of("1xx", "2xx", "3xx", "401", "403", "404", "4xx", "5xx", "no answer");
        s.append("\n| caller | requests | ").append(String.join(" | ", columns)).append(" |\n|---|---|")
                .append("---|".repeat(columns.size())).append("\n");
        byIdentity.forEach((identity, counts) -> {
            s.append("| ").append(identity.label()).append(" | ").append(counts.values().stream().mapToInt(i -> i).sum());
            columns.forEach(c -> s.append(" | ").append(counts.getOrDefault(c, 0)));
            s.append(" |\n");
        });
        s.append("\nForged credentials sent: ");
        credentials.forEach((what, n) -> s.append(what).append(" ×").append(n).append(", "));
        s.setLength(s.length() - 2);
        s.append("\n");
    }

    private void state(StringBuilder s) {
        s.append("\n| phase | requests | batches compared | refused requests in them | batches that changed the store |\n|---|---|---|---|---|\n");
        phases.forEach((phase, p) -> s.append("| ").append(phase.label()).append(" | ").append(p[0]).append(" | ").append(p[1])
                .append(" | ").append(p[2]).append(" | ").append(p[3]).append(" |\n"));
        s.append("\nState findings: ").append(stateFindings.size()).append("\n");
        stateFindings.forEach(f -> s.append("- ").append(f).append("\n"));
        if (!harnessFailures.isEmpty()) {
            s.append("\nHarness failures: ").append(harnessFailures.size()).append("\n");
            harnessFailures.stream().limit(20).forEach(f -> s.append("- ").append(f).append("\n"));
        }
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
