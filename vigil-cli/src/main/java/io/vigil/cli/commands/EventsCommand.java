package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.http.ServerError;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil events list|show|counts|ingest|search|similar} over {@code /ml/events}: the stored security events. */
@Command(name = "events", description = "Security events of every source (verdicts, rules, anomalies, alerts, detections from"
        + " outside): list, show, count, ingest, search in words, find similar ones.",
        footer = {"", "Examples:",
                "  vigil events list --model-type intrusion --divergent --since 12h",
                "  vigil events ingest --file detections.json   (a JSON array, {\"events\": [...]} or JSON Lines; - for stdin)",
                "  vigil events search \"botnet-like behaviour from yesterday\" --k 5",
                "  vigil events similar 0193...   (the nearest events of its model type)"})
public final class EventsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Security events, the latest started first.")
    int list(@Mixin EventFilters filters,
             @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(filters.apply(Query.path("/ml/events")).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = EventViews.listTable();
            for (JsonNode e : response.json().path("items")) EventViews.listRow(table, e);
            Pages.print(table, response.json(), "event", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One security event: its verdict (ML, rules and final scores), rules fired, divergence,"
            + " top features, raw input, incident.")
    int show(@Parameters(paramLabel = "ID", description = "event id") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/events/", id)), EventViews::print));
    }

    @Command(name = "counts", description = "The events the filters select, counted by kind, severity, model type and divergence.")
    int counts(@Mixin EventFilters filters) {
        return cli.run(spec, session -> session.show(session.api().get(filters.apply(Query.path("/ml/events/counts"))),
                EventsCommand::printCounts));
    }

    @Command(name = "ingest", description = "Store detections scored elsewhere (an IDS, a SIEM, another model): grouped into incidents"
            + " like Vigil's own. Each event: title, score (0..1), and optionally severity, occurredAt, sourceHost, destinationHost,"
            + " assetId, userName, modelType, source, label, rulesFired, details, input.")
    int ingest(@Option(names = "--file", required = true, paramLabel = "FILE",
            description = "a JSON array of events, {\"events\": [...]}, or JSON Lines; - for stdin") String file) {
        return cli.run(spec, session -> {
            ArrayNode events = EventsFile.read(file);
            int stored = 0;
            Map<String, Integer> incidents = new LinkedHashMap<>();
            for (ArrayNode batch : EventsFile.batches(events)) {
                ApiResponse response;
                try {
                    response = session.api().post(Query.path("/ml/events"), Map.of("events", batch));
                } catch (ServerError e) {
                    if (stored > 0) {
                        session.err().println("note: the first " + stored + " events were stored; events " + (stored + 1) + " to "
                                + (stored + batch.size()) + " were refused (the fields below count from " + (stored + 1) + ")");
                    }
                    throw e;
                }
                if (session.json()) session.printJson(response);
                for (JsonNode e : response.json().path("events")) {
                    incidents.merge(e.hasNonNull("incident") ? e.get("incident").asText() : "", 1, Integer::sum);
                }
                stored += response.json().path("stored").asInt();
            }
            if (!session.json()) printStored(stored, incidents, session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "search", description = "Events found by words (entities, verdicts, rules, features, analysts' notes): time words"
            + " (yesterday, last 6 hours) and field words (divergent, high severity) become filters.")
    int search(@Parameters(paramLabel = "WORDS", description = "what to look for, e.g. \"botnet-like behaviour\"") String words,
               @Option(names = "--k", paramLabel = "N", description = "how many events (default 10)") Integer k,
               @Mixin SearchFilters filters) {
        return cli.run(spec, session -> session.show(session.api().get(filters.apply(Query.path("/ml/events/search").param("q", words)
                .param("k", k))), (answer, out) -> printSearch(answer, out, session.err())));
    }

    @Command(name = "similar", description = "The stored events nearest to one, over its model type's standardised features.")
    int similar(@Parameters(paramLabel = "ID", description = "event id") String id,
                @Option(names = "--k", paramLabel = "N", description = "how many events (default 10)") Integer k) {
        return cli.run(spec, session -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("eventId", id);
            if (k != null) body.put("k", k);
            return session.show(session.api().post(Query.path("/ml/events/similar"), body), (answer, out) -> {
                out.println("events like " + id + (answer.hasNonNull("modelType") ? " (model type " + Formats.text(answer, "modelType") + ")" : "")
                        + ":");
                Table hits = EventViews.hitsTable(answer.path("hits"));
                if (hits.isEmpty()) out.println("no similar events");
                else hits.print(out);
            });
        });
    }

    static void printSearch(JsonNode answer, PrintWriter out, PrintWriter err) {
        List<String> read = new ArrayList<>();
        for (JsonNode f : answer.path("readFilters")) {
            String words = f.hasNonNull("words") ? Formats.text(f, "words") : Formats.text(f, "word");
            read.add("\"" + words + "\" → " + Formats.text(f, "filter") + "=" + Formats.text(f, "value")
                    + (f.path("applied").asBoolean(true) ? "" : " (not applied: your own filter kept)"));
        }
        if (!read.isEmpty()) out.println("filters read from the words: " + String.join(", ", read));
        if (answer.hasNonNull("embeddedText") && !answer.path("embeddedText").asText().equals(answer.path("query").asText())) {
            out.println("searched for: " + Formats.text(answer, "embeddedText"));
        }
        Table hits = EventViews.hitsTable(answer.path("hits"));
        if (hits.isEmpty()) out.println("no events found");
        else hits.print(out);
        long pending = answer.path("pendingEmbeddings").asLong();
        if (pending > 0) err.println("note: " + pending + " recent events are not embedded yet, so not searched");
    }

    static void printCounts(JsonNode counts, PrintWriter out) {
        Table table = new Table("by", "value", "events");
        for (Iterator<Map.Entry<String, JsonNode>> by = counts.fields(); by.hasNext(); ) {
            Map.Entry<String, JsonNode> group = by.next();
            String name = switch (group.getKey()) {
                case "modelType" -> "model type";
                default -> group.getKey();
            };
            for (Iterator<Map.Entry<String, JsonNode>> it = group.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                String value = c.getKey().isEmpty() ? "(none)" : c.getKey();
                table.row(name, value, Formats.number(c.getValue()));
            }
        }
        if (table.isEmpty()) out.println("no events");
        else table.print(out);
    }

    private static void printStored(int stored, Map<String, Integer> incidents, PrintWriter out) {
        long grouped = incidents.keySet().stream().filter(k -> !k.isEmpty()).count();
        out.println("stored " + stored + " event" + (stored == 1 ? "" : "s") + ", in " + grouped + " incident" + (grouped == 1 ? "" : "s"));
        Table table = new Table("incident", "events");
        incidents.forEach((incident, n) -> table.row(incident.isEmpty() ? "(no entity to group by)" : incident, n));
        if (!table.isEmpty()) table.print(out);
    }
}
