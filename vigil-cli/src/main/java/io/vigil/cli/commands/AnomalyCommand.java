package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.Json;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil anomaly detect|scores} over {@code /ml/anomaly}: an asset's points scored, and the scores kept. */
@Command(name = "anomaly", description = "Anomaly detection on an asset's metrics: score points, read the stored scores.",
        footer = {"", "Examples:",
                "  vigil anomaly detect web-01 --file latest.csv",
                "  vigil anomaly detect web-01 --hours 1 --statistic iqr",
                "  vigil anomaly scores web-01 --hours 6 --anomalies"})
public final class AnomalyCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    /** What to score: points from a file, or the stored ones of the last hours. */
    static final class Input {
        @Option(names = "--file", paramLabel = "FILE", description = "points to score (JSON, or CSV as `vigil assets send` reads)")
        String file;

        @Option(names = "--hours", paramLabel = "H", description = "score the asset's stored metrics of the last H hours")
        Double hours;
    }

    @Command(name = "detect", description = "Score an asset's points: each one's anomaly score, verdict and what drove it.")
    int detect(@Parameters(paramLabel = "ID", description = "asset id") String id,
               @ArgGroup(exclusive = true, multiplicity = "1") Input input,
               @Option(names = "--no-store", description = "score the file's points without keeping them as the asset's metrics") boolean noStore,
               @Option(names = "--statistic", paramLabel = "S", description = "the statistical method's fences: mad (default), zscore or iqr")
               String statistic) {
        return cli.run(spec, session -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("assetId", id);
            if (input.file != null) body.set("points", MetricsFile.read(input.file));
            else body.put("hours", input.hours);
            if (noStore) body.put("store", false);
            if (statistic != null) body.put("statistic", statistic(statistic));
            return session.show(session.api().post(Query.path("/ml/anomaly/detect"), body), AnomalyCommand::printDetection);
        });
    }

    @Command(name = "scores", description = "An asset's stored anomaly scores, oldest first.")
    int scores(@Parameters(paramLabel = "ID", description = "asset id") String id,
               @Option(names = "--hours", paramLabel = "H", description = "how far back (default 24)") Double hours,
               @Option(names = "--anomalies", description = "only the points that were anomalies") boolean anomalies) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/anomaly/scores/", id).param("hours", hours)
                .param("anomalies", anomalies ? "true" : null)), (s, out) -> {
            Table table = new Table("time", "score", "threshold", "anomaly", "method", "top driver");
            for (JsonNode p : s.path("scores")) {
                table.row(Formats.time(Formats.text(p, "timestamp")), Formats.text(p, "score"), Formats.text(p, "threshold"),
                        p.path("isAnomaly").asBoolean() ? "yes" : "no", Formats.text(p, "method"), topDriver(p.path("drivers")));
            }
            if (table.isEmpty()) out.println("no " + (anomalies ? "anomalies" : "scores") + " of asset " + id + " in that time");
            else table.print(out);
        }));
    }

    private static String statistic(String given) throws CliException {
        String s = given.strip().toLowerCase(Locale.ROOT);
        if (s.equals("mad") || s.equals("zscore") || s.equals("iqr")) return s;
        throw new CliException("--statistic: mad, zscore or iqr", ExitCodes.USAGE);
    }

    static void printDetection(JsonNode d, PrintWriter out) {
        String method = Formats.text(d, "method");
        out.println(Formats.text(d, "scored") + " points of " + Formats.text(d, "assetId") + " scored by the " + method + " method"
                + ("statistical".equals(method) ? " (" + Formats.text(d, "statistic") + ")" : " (model " + Formats.text(d, "modelId")
                + " version " + Formats.text(d, "version") + ")") + ", threshold " + Formats.text(d, "threshold") + ": "
                + Formats.text(d, "anomalies") + " " + (d.path("anomalies").asInt() == 1 ? "anomaly" : "anomalies"));
        Table table = new Table("time", "score", "anomaly", "top driver");
        for (JsonNode p : d.path("points")) {
            table.row(Formats.time(Formats.text(p, "timestamp")), Formats.text(p, "score"),
                    p.path("isAnomaly").asBoolean() ? "yes" : p.path("warmingUp").asBoolean() ? "no (warming up)" : "no",
                    topDriver(p.path("drivers")));
        }
        table.print(out);
        if (d.path("events").size() > 0) {
            out.println();
            Table events = new Table("event", "state", "severity", "started", "points", "title");
            for (JsonNode e : d.path("events")) {
                events.row(Formats.text(e, "id"), e.hasNonNull("endedAt") ? "ended" : "open", Formats.text(e, "severity"),
                        Formats.time(Formats.text(e, "startedAt")), Formats.text(e, "points"), Formats.text(e, "title"));
            }
            events.print(out);
        }
    }

    /** The first driver: "cpu (+8.2 spreads)", or its name and score for a model's. */
    static String topDriver(JsonNode drivers) {
        JsonNode top = drivers.path(0);
        if (top.isMissingNode()) return null;
        String name = Formats.text(top, "name");
        if (top.path("deviations").isNumber()) {
            double dev = top.get("deviations").asDouble();
            return name + " (" + (dev >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.1f", dev) + " spreads)";
        }
        return top.has("score") ? name + " (" + Formats.text(top, "score") + ")" : name;
    }
}
