package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Json;
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

/** {@code vigil assets list|show|metrics|send|threshold} over {@code /ml/assets}. */
@Command(name = "assets", description = "Monitored assets: their metrics, anomaly state and threshold.",
        footer = {"", "Examples:",
                "  vigil assets send web-01 --file metrics.csv   (timestamp,metric,value or timestamp,cpu,memory,...)",
                "  vigil assets list --anomalous",
                "  vigil assets metrics web-01 --hours 6 --metric cpu",
                "  vigil assets threshold web-01 0.8"})
public final class AssetsCommand {
    /** Values sent in one request: under the server's default limit of 10,000 per request. */
    static final int VALUES_PER_REQUEST = 5000;

    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Assets by id: latest values, anomaly state, threshold.")
    int list(@Option(names = "--anomalous", description = "only assets whose latest scored point was an anomaly") boolean anomalous,
             @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/assets").param("anomalous", anomalous ? "true" : null)
                    .param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("asset", "state", "score", "threshold", "last seen", "latest values");
            for (JsonNode a : response.json().path("items")) {
                table.row(Formats.text(a, "assetId"), Formats.text(a, "state"), Formats.text(a, "lastScore"), threshold(a),
                        Formats.time(Formats.text(a, "lastSeen")), latest(a.path("latest")));
            }
            Pages.print(table, response.json(), "asset", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One asset: when it was heard from, its state, threshold and latest values.")
    int show(@Parameters(paramLabel = "ID", description = "asset id") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/assets/", id)), AssetsCommand::print));
    }

    @Command(name = "metrics", description = "Summary statistics of each of an asset's metrics over the last hours (--json: the points too).")
    int metrics(@Parameters(paramLabel = "ID", description = "asset id") String id,
                @Option(names = "--hours", paramLabel = "H", description = "how far back (default 24)") Double hours,
                @Option(names = "--metric", paramLabel = "M", description = "only this metric") String metric) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/assets/", id, "/metrics").param("hours", hours)
                .param("metric", metric)), (m, out) -> {
            out.println("asset " + Formats.text(m, "assetId") + ", " + Formats.time(Formats.text(m, "from")) + " to "
                    + Formats.time(Formats.text(m, "to")));
            Table table = new Table("metric", "count", "mean", "std", "min", "p05", "median", "p95", "max");
            for (JsonNode series : m.path("metrics")) {
                JsonNode s = series.path("summary");
                table.row(Formats.text(series, "metric"), Formats.text(s, "count"), Formats.text(s, "mean"), Formats.text(s, "std"),
                        Formats.text(s, "min"), Formats.text(s, "p05"), Formats.text(s, "median"), Formats.text(s, "p95"), Formats.text(s, "max"));
            }
            if (table.isEmpty()) out.println("no metrics in that time");
            else table.print(out);
        }));
    }

    @Command(name = "send", description = "Send an asset's metrics from a file (JSON points, or CSV: timestamp,metric,value"
            + " or timestamp and one column per metric).")
    int send(@Parameters(paramLabel = "ID", description = "asset id") String id,
             @Option(names = "--file", required = true, paramLabel = "FILE", description = "points.json, points.csv, or - for stdin") String file) {
        return cli.run(spec, session -> {
            ArrayNode points = MetricsFile.read(file);
            int accepted = 0;
            String from = null;
            String to = null;
            for (ArrayNode batch : batches(points)) {
                ApiResponse response = session.api().post(Query.path("/ml/assets/", id, "/metrics"), batch);
                if (session.json()) session.printJson(response);
                JsonNode r = response.json();
                accepted += r.path("accepted").asInt();
                from = min(from, Formats.text(r, "from"));
                to = max(to, Formats.text(r, "to"));
            }
            if (!session.json()) {
                session.out().println("sent " + accepted + " values of asset " + id + " (" + Formats.time(from) + " to " + Formats.time(to) + ")");
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "threshold", description = "Set an asset's own anomaly threshold (0 to 1), or go back to the server's default.")
    int threshold(@Parameters(index = "0", paramLabel = "ID", description = "asset id") String id,
                  @Parameters(index = "1", paramLabel = "T", description = "a score between 0 and 1, or default") String value) {
        return cli.run(spec, session -> {
            Double threshold = parseThreshold(value);
            com.fasterxml.jackson.databind.node.ObjectNode body = Json.MAPPER.createObjectNode();
            if (threshold == null) body.putNull("threshold"); // null: the server's default
            else body.put("threshold", threshold);
            return session.show(session.api().put(Query.path("/ml/assets/", id), body),
                    (a, out) -> out.println("asset " + id + ": threshold " + threshold(a)));
        });
    }

    private static Double parseThreshold(String value) throws CliException {
        if ("default".equalsIgnoreCase(value)) return null;
        try {
            double t = Double.parseDouble(value);
            if (t > 0 && t < 1) return t;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CliException("threshold: give a score between 0 and 1 (exclusive), or default", ExitCodes.USAGE);
    }

    /** The points in requests of at most {@link #VALUES_PER_REQUEST} values (a wide point counts its values). */
    static java.util.List<ArrayNode> batches(ArrayNode points) {
        java.util.List<ArrayNode> batches = new java.util.ArrayList<>();
        ArrayNode batch = Json.MAPPER.createArrayNode();
        int values = 0;
        for (JsonNode p : points) {
            int n = Math.max(1, p.has("values") ? p.get("values").size() : p.has("metrics") ? p.get("metrics").size() : 1);
            if (values + n > VALUES_PER_REQUEST && !batch.isEmpty()) {
                batches.add(batch);
                batch = Json.MAPPER.createArrayNode();
                values = 0;
            }
            batch.add(p);
            values += n;
        }
        batches.add(batch);
        return batches;
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
    }

    static String threshold(JsonNode a) {
        return Formats.text(a, "threshold") + (a.path("ownThreshold").asBoolean() ? "" : " (default)");
    }

    /** "cpu=0.41 memory=0.77". */
    static String latest(JsonNode latest) {
        StringBuilder s = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = latest.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!s.isEmpty()) s.append(' ');
            s.append(e.getKey()).append('=').append(Formats.number(e.getValue().path("value")));
        }
        return s.toString();
    }

    static void print(JsonNode a, PrintWriter out) {
        new Details().add("asset", Formats.text(a, "assetId")).add("state", Formats.text(a, "state"))
                .add("last score", a.path("lastScore").isNumber() ? Formats.text(a, "lastScore") + " (" + Formats.text(a, "lastMethod") + ", at "
                        + Formats.time(Formats.text(a, "lastScoredAt")) + ")" : null)
                .add("threshold", threshold(a))
                .add("detector", Formats.text(a, "modelId"))
                .add("first seen", Formats.time(Formats.text(a, "firstSeen"))).add("last seen", Formats.time(Formats.text(a, "lastSeen")))
                .print(out);
        Table table = new Table("metric", "latest", "at");
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("latest").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            table.row(e.getKey(), Formats.number(e.getValue().path("value")), Formats.time(Formats.text(e.getValue(), "at")));
        }
        if (!table.isEmpty()) {
            out.println();
            table.print(out);
        }
    }
}
