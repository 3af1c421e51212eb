package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil streams list|show NAME} over {@code /ml/streams}: Kafka stream scoring, as the answering instance sees it. */
@Command(name = "streams", description = "Kafka streams Vigil scores: state, lag, rate and errors (of the instance that answers).")
public final class StreamsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Every configured stream: state, lag, records per second, counts.")
    int list() {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/streams")), StreamsCommand::printList));
    }

    @Command(name = "show", description = "One stream: its topics and model type, each partition's lag, its counts and last error.")
    int show(@Parameters(paramLabel = "NAME", description = "the stream's name") String name) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/streams/", name)), StreamsCommand::printOne));
    }

    static void printList(JsonNode answer, PrintWriter out) {
        JsonNode items = answer.path("items");
        if (items.isEmpty()) {
            out.println("no streams (configure them in vigil.yaml's streams, or with: vigil config set streams FILE)");
            return;
        }
        Table table = new Table("name", "state", "model type", "input", "lag", "records/s", "scored", "alerts", "dead letters", "errors");
        for (JsonNode s : items) {
            table.row(Formats.text(s, "name"), Formats.text(s, "state"), Formats.text(s.path("definition"), "modelType"),
                    Formats.text(s.path("definition"), "inputTopic"), Formats.text(s, "lag"), Formats.number(s.path("recordsPerSecond")),
                    Formats.text(s, "scored"), Formats.text(s, "alerts"), Formats.text(s, "deadLettered"), Formats.text(s, "errors"));
        }
        table.print(out);
    }

    static void printOne(JsonNode s, PrintWriter out) {
        JsonNode d = s.path("definition");
        out.println("stream " + Formats.text(s, "name") + ": " + Formats.text(s, "state") + ", consumer group " + Formats.text(s, "group"));
        out.println("model type: " + Formats.text(d, "modelType"));
        out.println("topics: " + Formats.text(d, "inputTopic") + " -> " + Formats.text(d, "outputTopic")
                + (d.hasNonNull("alertsTopic") ? ", alerts " + Formats.text(d, "alertsTopic") : "")
                + ", dead letters " + Formats.text(d, "deadLetterTopic"));
        out.println("rate: " + Formats.number(s.path("recordsPerSecond")) + " records/s; lag: " + Formats.text(s, "lag"));
        out.println("counts: " + Formats.text(s, "consumed") + " consumed, " + Formats.text(s, "scored") + " scored, "
                + Formats.text(s, "alerts") + " alerts, " + Formats.text(s, "deadLettered") + " dead letters, "
                + Formats.text(s, "errors") + " errors");
        JsonNode partitions = s.path("partitions");
        if (!partitions.isEmpty()) {
            Table table = new Table("partition", "lag");
            for (JsonNode p : partitions) {
                table.row(Formats.text(p, "partition"), p.hasNonNull("lag") ? Formats.text(p, "lag") : "unknown");
            }
            table.print(out);
        }
        JsonNode last = s.path("lastError");
        if (last.isObject()) {
            out.println("last error: " + Formats.time(last.path("at").asText()) + " " + Formats.text(last, "message"));
        }
    }
}
