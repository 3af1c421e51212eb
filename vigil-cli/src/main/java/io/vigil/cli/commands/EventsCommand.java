package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil events list|show} over {@code /ml/events}: the stored security events. */
@Command(name = "events", description = "Security events (runs of anomalies on an asset): list, show.",
        footer = {"", "Examples:",
                "  vigil events list --asset web-01 --state open",
                "  vigil events list --severity critical --since 12h"})
public final class EventsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Security events, the latest started first.")
    int list(@Option(names = "--asset", paramLabel = "A", description = "only this asset's") String asset,
             @Option(names = "--severity", paramLabel = "S", description = "info, warning or critical") String severity,
             @Option(names = "--state", paramLabel = "S", description = "open (going on) or ended") String state,
             @Option(names = "--kind", paramLabel = "K", description = "anomaly") String kind,
             @Option(names = "--since", paramLabel = "WHEN", description = "going on since: an ISO time, or ago: 30m, 12h, 7d") String since,
             @Option(names = "--until", paramLabel = "WHEN", description = "going on before: an ISO time, or ago") String until,
             @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/events").param("assetId", asset).param("severity", severity)
                    .param("state", state).param("kind", kind).param("since", Times.when("--since", since))
                    .param("until", Times.when("--until", until)).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("started", "state", "severity", "asset", "score", "points", "title", "id");
            for (JsonNode e : response.json().path("items")) {
                table.row(Formats.time(Formats.text(e, "startedAt")), e.hasNonNull("endedAt") ? "ended" : "open", Formats.text(e, "severity"),
                        Formats.text(e, "assetId"), Formats.text(e, "score"), Formats.text(e, "points"), Formats.text(e, "title"),
                        Formats.text(e, "id"));
            }
            Pages.print(table, response.json(), "event", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One security event: when, how strong, what drove it.")
    int show(@Parameters(paramLabel = "ID", description = "event id") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/events/", id)), EventsCommand::print));
    }

    static void print(JsonNode e, PrintWriter out) {
        JsonNode details = e.path("details");
        new Details().add("event", Formats.text(e, "id")).add("title", Formats.text(e, "title"))
                .add("kind", Formats.text(e, "kind")).add("severity", Formats.text(e, "severity"))
                .add("state", e.hasNonNull("endedAt") ? "ended at " + Formats.time(Formats.text(e, "endedAt")) : "open")
                .add("asset", Formats.text(e, "assetId"))
                .add("score", Formats.text(e, "score") + (details.has("threshold") ? " (threshold " + Formats.text(details, "threshold") + ")" : ""))
                .add("method", Formats.text(e, "method") + (e.hasNonNull("modelId") ? " (model " + Formats.text(e, "modelId") + " version "
                        + Formats.text(e, "version") + ")" : ""))
                .add("started", Formats.time(Formats.text(e, "startedAt"))).add("last seen", Formats.time(Formats.text(e, "lastSeenAt")))
                .add("peak", Formats.time(Formats.text(details, "peakAt"))).add("points", Formats.text(e, "points"))
                .add("source host", Formats.text(e, "sourceHost")).add("destination host", Formats.text(e, "destinationHost"))
                .add("user", Formats.text(e, "userName"))
                .print(out);
        Table drivers = new Table("driver", "score", "spreads out", "baseline", "spread");
        for (JsonNode d : details.path("drivers")) {
            drivers.row(Formats.text(d, "name"), Formats.text(d, "score"), Formats.text(d, "deviations"),
                    Formats.text(d, d.has("mean") ? "mean" : "median"), Formats.text(d, "spread"));
        }
        if (!drivers.isEmpty()) {
            out.println();
            drivers.print(out);
        }
    }
}
