package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil incidents list|show|ack|resolve|false-positive|assign|note|report} over {@code /ml/incidents}. */
@Command(name = "incidents", description = "Incidents (related security events of one entity, grouped in time): list, show, triage,"
        + " annotate, report.",
        footer = {"", "Examples:",
                "  vigil incidents list --status open --severity critical",
                "  vigil incidents ack 0193... --note \"looking into it\"",
                "  vigil incidents false-positive 0193... --note \"our own scanner\"   (its verdicts go back as feedback)",
                "  vigil incidents report 0193... --format html --output incident.html"})
public final class IncidentsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Incidents, the latest first.")
    int list(@Option(names = "--status", paramLabel = "S", description = "open, acknowledged, resolved or false_positive") String status,
             @Option(names = "--severity", paramLabel = "S", description = "info, warning or critical") String severity,
             @Option(names = "--entity", paramLabel = "E", description = "a host, asset or user") String entity,
             @Option(names = "--assignee", paramLabel = "U", description = "only those assigned to U") String assignee,
             @Option(names = "--model-type", paramLabel = "T", description = "only those holding verdicts of this model type") String modelType,
             @Option(names = "--since", paramLabel = "WHEN", description = "active since: an ISO time, or ago: 30m, 12h, 7d") String since,
             @Option(names = "--until", paramLabel = "WHEN", description = "active before: an ISO time, or ago") String until,
             @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/incidents").param("status", status).param("severity", severity)
                    .param("entity", entity).param("assignee", assignee).param("modelType", modelType)
                    .param("since", Times.when("--since", since)).param("until", Times.when("--until", until))
                    .param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = IncidentViews.listTable();
            for (JsonNode i : response.json().path("items")) IncidentViews.listRow(table, i);
            Pages.print(table, response.json(), "incident", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One incident: its summary, latest events and activity.")
    int show(@Parameters(paramLabel = "ID", description = "incident id") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/incidents/", id)), IncidentViews::print));
    }

    @Command(name = "ack", aliases = "acknowledge", description = "Acknowledge an incident: taken on, it stays open to new events.")
    int ack(@Parameters(paramLabel = "ID", description = "incident id") String id,
            @Option(names = "--note", paramLabel = "TEXT", description = "why, kept in its activity") String note) {
        return status(id, "acknowledged", note);
    }

    @Command(name = "resolve", description = "Resolve an incident: closed, its entity's next events open a new one.")
    int resolve(@Parameters(paramLabel = "ID", description = "incident id") String id,
                @Option(names = "--note", paramLabel = "TEXT", description = "how it ended, kept in its activity") String note) {
        return status(id, "resolved", note);
    }

    @Command(name = "false-positive", description = "Close an incident as a false positive: each of its verdicts goes back to"
            + " monitoring and retraining labelled benign.")
    int falsePositive(@Parameters(paramLabel = "ID", description = "incident id") String id,
                      @Option(names = "--note", paramLabel = "TEXT", description = "why, kept in its activity") String note) {
        return status(id, "false_positive", note);
    }

    @Command(name = "assign", description = "Assign an incident to someone; an empty USER (\"\") unassigns it.")
    int assign(@Parameters(index = "0", paramLabel = "ID", description = "incident id") String id,
               @Parameters(index = "1", paramLabel = "USER", description = "who takes it on; \"\" for nobody") String user,
               @Option(names = "--note", paramLabel = "TEXT", description = "why, kept in its activity") String note) {
        return cli.run(spec, session -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("assignee", user.strip());
            if (note != null) body.put("note", note);
            return session.show(session.api().patch(Query.path("/ml/incidents/", id), body), (view, out) -> {
                JsonNode i = view.path("incident");
                out.println(i.hasNonNull("assignee") ? "assigned incident " + id + " to " + Formats.text(i, "assignee")
                        : "unassigned incident " + id);
            });
        });
    }

    @Command(name = "note", description = "Add a note to an incident's activity.")
    int note(@Parameters(index = "0", paramLabel = "ID", description = "incident id") String id,
             @Parameters(index = "1", paramLabel = "TEXT", description = "the note") String text) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/incidents/", id, "/notes"), Map.of("text", text)),
                (a, out) -> out.println("noted on incident " + id + " by " + Formats.text(a, "actor"))));
    }

    @Command(name = "report", description = "An incident's report with its ML insights: models and their state, top features, rules,"
            + " divergence, similar past events and how they ended. Markdown by default.")
    int report(@Parameters(paramLabel = "ID", description = "incident id") String id,
               @Option(names = "--format", paramLabel = "F", description = "markdown (default), html or json") String format,
               @Option(names = "--output", paramLabel = "FILE", description = "save it to FILE instead of printing it") Path output) {
        return cli.run(spec, session -> {
            String chosen = format != null ? format.strip().toLowerCase(java.util.Locale.ROOT) : session.json() ? "json" : "markdown";
            if (!chosen.equals("markdown") && !chosen.equals("html") && !chosen.equals("json")) {
                throw new CliException("--format: markdown, html or json", ExitCodes.USAGE);
            }
            ApiResponse response = session.api().get(Query.path("/ml/incidents/", id, "/report").param("format", chosen));
            if (output == null) {
                session.out().print(response.body().endsWith("\n") ? response.body() : response.body() + "\n");
                return ExitCodes.OK;
            }
            save(output, response.body());
            session.out().println("saved the " + chosen + " report of incident " + id + " to " + output);
            return ExitCodes.OK;
        });
    }

    private int status(String id, String status, String note) {
        return cli.run(spec, session -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            if (note != null) body.put("note", note);
            return session.show(session.api().patch(Query.path("/ml/incidents/", id), body), (view, out) -> said(view, id, out));
        });
    }

    private static void said(JsonNode view, String id, java.io.PrintWriter out) {
        JsonNode i = view.path("incident");
        String status = Formats.text(i, "status");
        String done = switch (status == null ? "" : status) {
            case "acknowledged" -> "acknowledged";
            case "resolved" -> "resolved";
            case "false_positive" -> "marked as a false positive";
            default -> "set to " + status;
        };
        out.println(done + " incident " + id + " (" + Formats.text(i, "title") + ")");
        if (view.hasNonNull("labelled")) {
            int n = view.get("labelled").asInt();
            out.println(n + " verdict" + (n == 1 ? "" : "s") + " labelled benign, as feedback to monitoring and retraining");
        }
    }

    /** Writes through a temporary file beside {@code target}: a failure leaves no partial report. */
    private static void save(Path target, String text) throws java.io.IOException {
        Path absolute = target.toAbsolutePath();
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
