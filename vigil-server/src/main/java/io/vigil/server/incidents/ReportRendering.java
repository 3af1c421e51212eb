package io.vigil.server.incidents;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * An incident report for people: Markdown, and HTML made from it by commonmark with raw HTML
 * escaped (event titles, entity names and notes come from clients and must never become markup).
 */
final class ReportRendering {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build();

    private ReportRendering() {}

    static String html(IncidentReport r) {
        String body = HTML.render(PARSER.parse(markdown(r)));
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Incident report</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.25rem .5rem;text-align:left}"
                + "code{background:#f2f3f5;padding:0 .2rem}</style></head><body>\n" + body + "</body></html>\n";
    }

    static String markdown(IncidentReport r) {
        Incident i = r.incident();
        StringBuilder md = new StringBuilder();
        md.append("# Incident report: ").append(text(i.title())).append("\n\n");
        md.append("- **Status:** ").append(i.status()).append(i.assignee() == null ? "" : ", assigned to " + text(i.assignee())).append('\n');
        md.append("- **Severity:** ").append(i.severity()).append(", highest threat score ").append(f(i.maxScore())).append('\n');
        md.append("- **Entity:** ").append(i.entityKind().replace('_', ' ')).append(" `").append(code(i.entity())).append("`\n");
        md.append("- **Seen:** ").append(i.firstSeenAt()).append(" to ").append(i.lastSeenAt()).append(", ").append(i.eventCount())
                .append(" events").append(r.eventsRead() < i.eventCount() ? " (the latest " + r.eventsRead() + " read here)" : "").append('\n');
        md.append("- **Event kinds:** ").append(pairs(r.kinds())).append("; severities: ").append(pairs(r.severities())).append('\n');
        md.append("- **Report made:** ").append(r.generatedAt()).append("\n\n");

        md.append("## Models and versions\n\n");
        if (r.models().isEmpty()) {
            md.append("No model verdicts in this incident.\n\n");
        } else {
            md.append("| Model | Version | Type | Events | Mean / max threat | Mean ML score | Mean confidence | Labels | Health | Drift |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (IncidentReport.ModelInsight m : r.models()) {
                Map<String, Object> s = m.state() == null ? Map.of() : m.state();
                md.append("| ").append(cell(String.valueOf(s.getOrDefault("name", m.modelId())))).append(" | ").append(m.version())
                        .append(" | ").append(cell(m.modelType())).append(" | ").append(m.events()).append(" | ").append(f(m.meanScore()))
                        .append(" / ").append(f(m.maxScore())).append(" | ").append(m.meanMlScore() == null ? "-" : f(m.meanMlScore()))
                        .append(" | ").append(m.meanConfidence() == null ? "-" : f(m.meanConfidence())).append(" | ")
                        .append(cell(pairs(m.labels()))).append(" | ").append(cell(String.valueOf(s.getOrDefault("health", "unknown"))))
                        .append(" | ").append(cell(String.valueOf(s.getOrDefault("drift", "unknown")))).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Top contributing features\n\n");
        if (r.topFeatures().isEmpty()) {
            md.append("No explanations recorded.\n\n");
        } else {
            md.append("| Feature | Events | Mean contribution | Mean absolute contribution |\n|---|---|---|---|\n");
            r.topFeatures().forEach(t -> md.append("| ").append(cell(t.feature())).append(" | ").append(t.events()).append(" | ")
                    .append(f(t.meanContribution())).append(" | ").append(f(t.meanAbsContribution())).append(" |\n"));
            md.append('\n');
        }

        md.append("## Rules and divergence\n\n");
        md.append(r.rules().isEmpty() ? "No rule fired.\n" : "Rules that fired: " + String.join(", ",
                r.rules().stream().map(c -> "`" + code(c.rule()) + "` (" + c.events() + ")").toList()) + ".\n");
        md.append(r.divergence().isEmpty() ? "\nThe model and the rules agreed on every verdict.\n\n"
                : "\nThe model and the rules disagreed: " + pairs(r.divergence())
                + " (rules_only: the rules said attack and the model benign; ml_only: the reverse).\n\n");

        md.append("## Similar past events\n\n");
        if (r.similarPast().isEmpty()) {
            md.append("None found.\n\n");
        } else {
            md.append("| Similarity | Event | When | Severity | Its incident | Outcome |\n|---|---|---|---|---|---|\n");
            r.similarPast().forEach(s -> md.append("| ").append(f(s.similarity())).append(" | ").append(cell(s.title())).append(" | ")
                    .append(s.at()).append(" | ").append(s.severity()).append(" | ")
                    .append(s.incidentTitle() == null ? "-" : cell(s.incidentTitle())).append(" | ")
                    .append(s.incidentStatus() == null ? "-" : s.incidentStatus()).append(" |\n"));
            md.append('\n');
        }

        md.append("## Activity\n\n");
        for (IncidentActivity a : r.activity()) {
            md.append("- ").append(a.at()).append(" ").append(text(a.actor())).append(": ").append(a.action());
            if (a.to() != null || a.from() != null) {
                md.append(" ").append(a.from() == null ? "" : text(a.from()) + " → ").append(a.to() == null ? "(none)" : text(a.to()));
            }
            if (a.note() != null) {
                md.append(" — ").append(text(a.note()).replace("\n", " "));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String pairs(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Text a client wrote, with Markdown's own characters escaped so it reads as it was written. */
    static String text(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if ("\\`*_{}[]()#+-.!|<>&~".indexOf(c) >= 0) out.append('\\');
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString();
    }

    private static String cell(String s) {
        return text(s);
    }

    /** Inside a code span: no backticks and one line. */
    private static String code(String s) {
        return s == null ? "" : s.replace('`', '\'').replace('\n', ' ').replace('\r', ' ');
    }
}
