package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How security events read in a terminal: a row of a list, a hit of a search, one event whole. */
final class EventViews {
    private EventViews() {}

    /** The table of {@code events list}. */
    static Table listTable() {
        return new Table("started", "kind", "severity", "model type", "score", "divergence", "entity", "title", "id");
    }

    static void listRow(Table table, JsonNode e) {
        table.row(Formats.time(Formats.text(e, "startedAt")), Formats.text(e, "kind"), Formats.text(e, "severity"),
                Formats.text(e, "modelType"), Formats.text(e, "score"), Formats.text(e.path("verdict"), "divergence"), entity(e),
                Formats.text(e, "title"), Formats.text(e, "id"));
    }

    /** The table of {@code events search} and {@code events similar}: each hit's similarity and event. */
    static Table hitsTable(JsonNode hits) {
        Table table = new Table("similarity", "time", "severity", "title", "id");
        for (JsonNode hit : hits) {
            JsonNode e = hit.path("event");
            table.row(Formats.text(hit, "similarity"), Formats.time(Formats.text(e, "startedAt")), Formats.text(e, "severity"),
                    Formats.text(e, "title"), Formats.text(e, "id"));
        }
        return table;
    }

    /** The entity an event is about: its source host, else its asset, user or destination host. */
    static String entity(JsonNode e) {
        for (String field : List.of("sourceHost", "assetId", "userName", "destinationHost")) {
            String value = Formats.text(e, field);
            if (value != null) return value;
        }
        return null;
    }

    /** One event: what, when, which entities, the verdict's scores, rules, divergence, explanation and raw input. */
    static void print(JsonNode e, PrintWriter out) {
        JsonNode details = e.path("details");
        JsonNode verdict = e.path("verdict");
        new Details().add("event", Formats.text(e, "id")).add("title", Formats.text(e, "title"))
                .add("kind", Formats.text(e, "kind") + (e.hasNonNull("source") ? " (from " + Formats.text(e, "source") + ")" : ""))
                .add("severity", Formats.text(e, "severity"))
                .add("state", e.hasNonNull("endedAt") ? "ended at " + Formats.time(Formats.text(e, "endedAt")) : "open")
                .add("incident", Formats.text(e, "incident"))
                .add("model type", Formats.text(e, "modelType"))
                .add("method", Formats.text(e, "method") + (e.hasNonNull("modelId") ? " (model " + Formats.text(e, "modelId") + " version "
                        + Formats.text(e, "version") + ")" : ""))
                .add("score", Formats.text(e, "score") + threshold(details, verdict))
                .add("ML score", Formats.text(verdict, "mlScore"))
                .add("rules score", Formats.text(verdict, "ruleScore"))
                .add("label", label(verdict))
                .add("rules fired", rules(verdict.path("rulesFired")))
                .add("divergence", divergence(Formats.text(verdict, "divergence")))
                .add("asset", Formats.text(e, "assetId"))
                .add("source host", Formats.text(e, "sourceHost")).add("destination host", Formats.text(e, "destinationHost"))
                .add("user", Formats.text(e, "userName"))
                .add("started", Formats.time(Formats.text(e, "startedAt"))).add("last seen", Formats.time(Formats.text(e, "lastSeenAt")))
                .add("peak", Formats.time(Formats.text(details, "peakAt")))
                .add("points", "anomaly".equals(Formats.text(e, "kind")) ? Formats.text(e, "points") : null)
                .print(out);
        Table features = new Table("top feature", "value", "contribution");
        for (JsonNode f : verdict.path("topFeatures")) {
            features.row(Formats.text(f, "feature"), Formats.text(f, "value"), signed(f.path("contribution")));
        }
        section(out, features);
        Table drivers = new Table("driver", "score", "spreads out", "baseline", "spread");
        for (JsonNode d : details.path("drivers")) {
            drivers.row(Formats.text(d, "name"), Formats.text(d, "score"), Formats.text(d, "deviations"),
                    Formats.text(d, d.has("mean") ? "mean" : "median"), Formats.text(d, "spread"));
        }
        section(out, drivers);
        JsonNode input = e.path("input");
        if (input.isObject() && !input.isEmpty()) {
            out.println();
            out.println("input:");
            Details fields = new Details();
            for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.add("  " + f.getKey(), f.getValue().isValueNode() ? Formats.number(f.getValue()) : f.getValue().toString());
            }
            fields.print(out);
        }
    }

    private static void section(PrintWriter out, Table table) {
        if (!table.isEmpty()) {
            out.println();
            table.print(out);
        }
    }

    private static String threshold(JsonNode details, JsonNode verdict) {
        String t = verdict.hasNonNull("threshold") ? Formats.text(verdict, "threshold") : Formats.text(details, "threshold");
        String how = verdict.hasNonNull("ruleScore") && verdict.hasNonNull("mlScore") ? ", the higher of ML and rules" : "";
        return t == null && how.isEmpty() ? "" : " (" + (t == null ? "" : "threshold " + t) + how + ")";
    }

    private static String label(JsonNode verdict) {
        String label = Formats.text(verdict, "label");
        if (label == null) return null;
        return label + (verdict.hasNonNull("confidence") ? " (confidence " + Formats.text(verdict, "confidence") + ")" : "");
    }

    static String rules(JsonNode rules) {
        List<String> names = new ArrayList<>();
        rules.forEach(r -> names.add(r.asText()));
        return names.isEmpty() ? null : String.join(", ", names);
    }

    static String divergence(String divergence) {
        if (divergence == null) return null;
        return switch (divergence) {
            case "rules_only" -> "rules_only: the rules said attack, the model benign";
            case "ml_only" -> "ml_only: the model said attack, the rules benign";
            default -> divergence;
        };
    }

    /** A contribution with its sign: +0.8123, -0.05. */
    static String signed(JsonNode value) {
        if (!value.isNumber()) return null;
        String n = Formats.number(value);
        return value.doubleValue() > 0 ? "+" + n : n;
    }
}
