package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.output.Details;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How incidents read in a terminal: a row of a list, one incident with its events and activity. */
final class IncidentViews {
    private IncidentViews() {}

    static Table listTable() {
        return new Table("last seen", "status", "severity", "entity", "events", "max score", "assignee", "title", "id");
    }

    static void listRow(Table table, JsonNode i) {
        table.row(Formats.time(Formats.text(i, "lastSeenAt")), Formats.text(i, "status"), Formats.text(i, "severity"), entity(i),
                Formats.text(i, "eventCount"), Formats.text(i, "maxScore"), Formats.text(i, "assignee"), Formats.text(i, "title"),
                Formats.text(i, "id"));
    }

    /** "192.0.2.10 (source_host)". */
    static String entity(JsonNode i) {
        String entity = Formats.text(i, "entity");
        return entity == null ? null : entity + " (" + Formats.text(i, "entityKind") + ")";
    }

    /** {@code GET /ml/incidents/{id}}'s answer: the incident, its latest events, what happened to it. */
    static void print(JsonNode view, PrintWriter out) {
        JsonNode i = view.path("incident");
        details(i).print(out);
        Table events = EventViews.listTable();
        for (JsonNode e : view.path("events")) EventViews.listRow(events, e);
        if (!events.isEmpty()) {
            out.println();
            out.println("events (the latest " + view.path("events").size() + "):");
            events.print(out);
        }
        Table activity = activity(view.path("activity"));
        if (!activity.isEmpty()) {
            out.println();
            out.println("activity:");
            activity.print(out);
        }
    }

    static Details details(JsonNode i) {
        List<String> types = new ArrayList<>();
        i.path("modelTypes").forEach(t -> types.add(t.asText()));
        return new Details().add("incident", Formats.text(i, "id")).add("title", Formats.text(i, "title"))
                .add("status", Formats.text(i, "status") + (i.hasNonNull("closedAt") ? " (closed " + Formats.time(Formats.text(i, "closedAt"))
                        + ")" : ""))
                .add("severity", Formats.text(i, "severity")).add("entity", entity(i))
                .add("events", Formats.text(i, "eventCount")).add("max score", Formats.text(i, "maxScore"))
                .add("model types", types.isEmpty() ? null : String.join(", ", types))
                .add("assignee", i.hasNonNull("assignee") ? Formats.text(i, "assignee") : "(nobody)")
                .add("first seen", Formats.time(Formats.text(i, "firstSeenAt"))).add("last seen", Formats.time(Formats.text(i, "lastSeenAt")));
    }

    static Table activity(JsonNode activity) {
        Table table = new Table("at", "by", "what", "note");
        for (JsonNode a : activity) {
            String action = Formats.text(a, "action");
            String what = switch (action == null ? "" : action) {
                case "status" -> "status " + Formats.text(a, "from") + " → " + Formats.text(a, "to");
                case "assignee" -> a.hasNonNull("to") ? "assigned to " + Formats.text(a, "to") : "unassigned";
                case "created" -> "created";
                case "note" -> "note";
                default -> action;
            };
            table.row(Formats.time(Formats.text(a, "at")), Formats.text(a, "actor"), what, Formats.text(a, "note"));
        }
        return table;
    }
}
