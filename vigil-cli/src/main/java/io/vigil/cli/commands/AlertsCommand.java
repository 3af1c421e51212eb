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
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil alerts list|show|ack|resolve} over {@code /ml/alerts}, {@code vigil alerts rules ...} and {@code vigil alerts channels ...}. */
@Command(name = "alerts", description = "Alerts raised by the alert rules: list, show, acknowledge, resolve; and the rules.",
        subcommands = {AlertRulesCommand.class, AlertChannelsCommand.class},
        footer = {"", "Examples:",
                "  vigil alerts list --state open --severity critical",
                "  vigil alerts ack 0193...   (analysts too: taken on, still open)",
                "  vigil alerts rules create --name kdd-threats --kind threat_prediction --model kdd-gbm --threshold 0.9"})
public final class AlertsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Alerts, the most recently seen first.")
    int list(@Option(names = "--state", paramLabel = "S", description = "firing, acknowledged, resolved, or open (firing or acknowledged)") String state,
             @Option(names = "--severity", paramLabel = "S", description = "info, warning or critical") String severity,
             @Option(names = "--model", paramLabel = "M", description = "only this model's (id or name)") String model,
             @Option(names = "--rule", paramLabel = "R", description = "only this rule's (id or name)") String rule,
             @Option(names = "--kind", paramLabel = "K", description = "drift_share, accuracy_drop, error_rate, latency_p99,"
                     + " class_mix_shift, threat_prediction, experiment_decision, retraining") String kind,
             @Option(names = "--since", paramLabel = "WHEN", description = "seen since: an ISO time, or ago: 30m, 12h, 7d") String since,
             @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/alerts").param("state", state).param("severity", severity)
                    .param("modelId", Names.model(session.api(), model)).param("ruleId", AlertRulesCommand.ruleId(session.api(), rule))
                    .param("kind", kind).param("since", Times.when("--since", since)).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("last seen", "state", "severity", "model", "rule", "count", "summary", "id");
            for (JsonNode a : response.json().path("items")) {
                table.row(Formats.time(Formats.text(a, "lastSeen")), Formats.text(a, "state"), Formats.text(a, "severity"),
                        a.path("modelName").isNull() ? "(server)" : Formats.text(a, "modelName"), Formats.text(a, "ruleName"),
                        Formats.text(a, "occurrences"), Formats.text(a, "summary"), Formats.text(a, "id"));
            }
            Pages.print(table, response.json(), "alert", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One alert: what was seen, from when to when, who took it on.")
    int show(@Parameters(paramLabel = "ID", description = "alert id") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/alerts/", id)), AlertsCommand::print));
    }

    @Command(name = "ack", aliases = "acknowledge", description = "Acknowledge a firing alert: taken on, it stays open and keeps counting.")
    int ack(@Parameters(paramLabel = "ID", description = "alert id") String id) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/alerts/", id, "/acknowledge"), null),
                (a, out) -> out.println("acknowledged alert " + id + " (" + Formats.text(a, "ruleName") + ", " + Formats.text(a, "occurrences")
                        + " occurrences so far)")));
    }

    @Command(name = "resolve", description = "Resolve an open alert; its rule's next alert waits out its cool-down.")
    int resolve(@Parameters(paramLabel = "ID", description = "alert id") String id) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/alerts/", id, "/resolve"), null),
                (a, out) -> out.println("resolved alert " + id + " (" + Formats.text(a, "ruleName") + ")")));
    }

    static void print(JsonNode a, PrintWriter out) {
        new Details().add("alert", Formats.text(a, "id")).add("state", Formats.text(a, "state"))
                .add("severity", Formats.text(a, "severity") + " (" + Formats.text(a, "category") + ")")
                .add("rule", Formats.text(a, "ruleName") + " (" + Formats.text(a, "kind") + ")")
                .add("model", a.path("modelName").isNull() ? "(the whole server)" : Formats.text(a, "modelName") + " version "
                        + Formats.text(a, "version"))
                .add("summary", Formats.text(a, "summary")).add("occurrences", Formats.text(a, "occurrences"))
                .add("first seen", Formats.time(Formats.text(a, "firstSeen"))).add("last seen", Formats.time(Formats.text(a, "lastSeen")))
                .add("acknowledged", a.path("acknowledgedBy").isNull() ? null
                        : Formats.text(a, "acknowledgedBy") + " at " + Formats.time(Formats.text(a, "acknowledgedAt")))
                .add("resolved", a.path("resolvedBy").isNull() ? null
                        : Formats.text(a, "resolvedBy") + " at " + Formats.time(Formats.text(a, "resolvedAt")) + ": " + Formats.text(a, "resolution"))
                .print(out);
        JsonNode details = a.path("details");
        if (details.isObject() && !details.isEmpty()) {
            out.println();
            out.println("details:");
            Details d = new Details();
            for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                d.add("  " + e.getKey(), e.getValue().isValueNode() ? Formats.number(e.getValue()) : e.getValue().toString());
            }
            d.print(out);
        }
    }
}
