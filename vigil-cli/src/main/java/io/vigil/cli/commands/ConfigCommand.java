package io.vigil.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.Json;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vigil config list|get|set|history|rollback|sensitivity} over {@code /ml/config}: the settings
 * that change while Vigil runs (thresholds, rate limits, the prediction cache), each change a
 * numbered revision in force on every instance within a second.
 */
@Command(name = "config", description = "Runtime settings: thresholds, rate limits, the prediction cache; each change a revision.",
        footer = {"", "Examples:",
                "  vigil config get thresholds --json > thresholds.json    (the answer's 'value' is what set takes)",
                "  vigil config set thresholds --file thresholds.json --reason 'fewer events on web-01'",
                "  vigil config sensitivity raise --model-type network-intrusion",
                "  vigil config history thresholds",
                "  vigil config rollback thresholds 2"})
public final class ConfigCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "The sections and the revision in force of each (0: the start-time default).")
    int list() {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/config")), (answer, out) -> {
            Table table = new Table("section", "revision");
            for (JsonNode s : answer.path("items")) {
                table.row(Formats.text(s, "section"), Formats.text(s, "revision"));
            }
            table.print(out);
        }));
    }

    @Command(name = "get", description = "A section's value in force, with its revision.")
    int get(@Parameters(paramLabel = "SECTION", description = "thresholds, rateLimits, cache, ...") String section) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/config/", section)), ConfigCommand::printRevision));
    }

    @Command(name = "set", description = "Replace a section's value with a JSON file's (the whole value; '-' reads standard input).")
    int set(@Parameters(paramLabel = "SECTION") String section,
            @Option(names = "--file", required = true, paramLabel = "FILE", description = "the section's whole value, as 'get' shows it") String file,
            @Option(names = "--reason", paramLabel = "TEXT", description = "why, kept with the revision") String reason) {
        return cli.run(spec, session -> {
            JsonNode value = readValue(file);
            return session.show(session.api().put(Query.path("/ml/config/", section).param("reason", reason), value),
                    ConfigCommand::printRevision);
        });
    }

    @Command(name = "history", description = "A section's revisions, newest first; revision 0, the start-time default, last.")
    int history(@Parameters(paramLabel = "SECTION") String section,
                @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/config/", section, "/history")
                .param("page", page).param("size", size)), (answer, out) -> {
                    Table table = new Table("revision", "changed", "by", "reason");
                    for (JsonNode r : answer.path("items")) {
                        String reason = Formats.text(r, "reason");
                        if (r.hasNonNull("rolledBackFrom")) {
                            reason = "rollback to " + r.path("rolledBackFrom").asInt() + (reason == null ? "" : ": " + reason);
                        }
                        table.row(Formats.text(r, "revision"), r.hasNonNull("changedAt") ? Formats.time(Formats.text(r, "changedAt")) : "-",
                                r.hasNonNull("changedBy") ? Formats.text(r, "changedBy") : "-", reason);
                    }
                    Pages.print(table, answer, "revision", out);
                }));
    }

    @Command(name = "rollback", description = "Put the value of an earlier revision back, as a new revision (0: the start-time default).")
    int rollback(@Parameters(index = "0", paramLabel = "SECTION") String section,
                 @Parameters(index = "1", paramLabel = "REVISION") int revision,
                 @Option(names = "--reason", paramLabel = "TEXT") String reason) {
        return cli.run(spec, session -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("revision", revision);
            if (reason != null) body.put("reason", reason);
            return session.show(session.api().post(Query.path("/ml/config/", section, "/rollback"), body), ConfigCommand::printRevision);
        });
    }

    @Command(name = "sensitivity", description = "Move every threshold of a model type one step: raise (lower thresholds, more events) "
            + "or lower (higher thresholds, fewer events).")
    int sensitivity(@Parameters(paramLabel = "raise|lower") String direction,
                    @Option(names = "--model-type", required = true, paramLabel = "TYPE") String modelType,
                    @Option(names = "--reason", paramLabel = "TEXT") String reason) {
        return cli.run(spec, session -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("modelType", modelType).put("direction", direction);
            if (reason != null) body.put("reason", reason);
            return session.show(session.api().post(Query.path("/ml/config/thresholds/sensitivity"), body), (answer, out) -> {
                JsonNode t = answer.path("value").path("modelTypes").path(modelType);
                out.println("thresholds of " + modelType + " now: event " + Formats.number(t.path("event")) + ", critical "
                        + Formats.number(t.path("critical")) + " (revision " + answer.path("revision").asInt() + ")");
            });
        });
    }

    /** The file's JSON value; a file that is not JSON is a usage error naming where. */
    private static JsonNode readValue(String file) throws IOException, CliException {
        String text;
        try (BufferedReader reader = TextInputs.openNamed(file)) {
            text = reader.lines().collect(Collectors.joining("\n"));
        }
        try {
            JsonNode value = Json.MAPPER.readTree(text);
            if (value == null || !value.isObject()) {
                throw new CliException(file + ": the section's value is a JSON object", ExitCodes.USAGE);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new CliException(file + " is not JSON: " + e.getOriginalMessage(), ExitCodes.USAGE);
        }
    }

    static void printRevision(JsonNode r, PrintWriter out) {
        Details d = new Details().add("section", Formats.text(r, "section")).add("revision", Formats.text(r, "revision"));
        if (r.hasNonNull("changedBy")) {
            d.add("changed", Formats.time(Formats.text(r, "changedAt")) + " by " + Formats.text(r, "changedBy"));
        }
        if (r.hasNonNull("rolledBackFrom")) {
            d.add("rolled back to", "revision " + r.path("rolledBackFrom").asInt());
        }
        if (r.hasNonNull("reason")) {
            d.add("reason", Formats.text(r, "reason"));
        }
        d.print(out);
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r.path("value")));
        } catch (JsonProcessingException e) { // a tree we just read: cannot happen
            throw new IllegalStateException(e);
        }
    }
}
